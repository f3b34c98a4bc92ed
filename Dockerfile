# The image `jukinet deploy k8s` runs (docs/kubernetes.md): the simulator's jar, which holds every
# node's main. Build the jar first (./jukinet --version), then: docker build -t jukinet:latest .
# Not built by the test suite.
FROM eclipse-temurin:17-jre
COPY simulator/target/jukinet-simulator.jar /opt/jukinet/jukinet.jar
RUN groupadd --system --gid 10001 jukinet && useradd --system --uid 10001 --gid 10001 jukinet && mkdir -p /var/lib/jukinet && chown jukinet /var/lib/jukinet
USER 10001
ENTRYPOINT []
