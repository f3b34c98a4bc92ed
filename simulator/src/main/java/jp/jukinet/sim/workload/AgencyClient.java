package jp.jukinet.sim.workload;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;

/**
 * One 提供先 (agency) talking to the national server with its own certificate {@code agency-Axx} from
 * the run's PKI: one mutual-TLS connection, dialled on first use and kept, on which many requests
 * may be in flight. 即時提供 here; the batch and media clients use {@link #connection()}.
 */
public final class AgencyClient implements AutoCloseable {
  private final PeerId agency;
  private final InetSocketAddress national;
  private final NodeConnections connections;

  public AgencyClient(
      TransportResources resources,
      NodeTls agencyTls,
      InetSocketAddress national,
      TransportSettings settings) {
    this.agency = agencyTls.self();
    if (agency.role() != NodeRole.NODE_ROLE_AGENCY) {
      throw new IllegalArgumentException(agency + " is not an agency's certificate");
    }
    this.national = Objects.requireNonNull(national, "national");
    this.connections = NodeConnections.as(resources, settings, agencyTls);
  }

  /** The agency {@code id} ({@code A20}) of the run whose PKI is {@code pkiDir}. */
  public static AgencyClient open(
      TransportResources resources, Path pkiDir, String id, InetSocketAddress national) {
    return new AgencyClient(
        resources,
        NodeTls.load(pkiDir, new PeerId(NodeRole.NODE_ROLE_AGENCY, id)),
        national,
        TransportSettings.defaults());
  }

  /** The national server's address as the state file records it; empty until it published it. */
  public static Optional<InetSocketAddress> nationalAddress(NetworkState state) {
    return state.nodes().stream()
        .filter(n -> n.id().equals(PeerId.national()) && n.port() > 0)
        .findFirst()
        .map(n -> new InetSocketAddress(n.host(), n.port()));
  }

  public PeerId agency() {
    return agency;
  }

  /** The connection to the national server (kept; dialled again after it closed). */
  public CompletableFuture<Connection> connection() {
    return connections.connection(PeerId.national(), national);
  }

  /**
   * One 即時提供 for {@code jimuCode}; {@code asOf} empty for the current record. Fails with {@link
   * jp.jukinet.protocol.transport.RemoteErrorException} when refused.
   */
  public CompletableFuture<SingleProvisionResponse> lookup(
      String jimuCode, ProvisionKey key, String asOf, Duration timeout) {
    Envelope.Builder request =
        Envelope.newBuilder()
            .setSingleProvisionRequest(
                SingleProvisionRequest.newBuilder()
                    .setJimuCode(jimuCode)
                    .setKey(key)
                    .setAsOfDate(asOf == null ? "" : asOf));
    return connections
        .request(PeerId.national(), national, request, timeout)
        .thenApply(Envelope::getSingleProvisionResponse);
  }

  public static ProvisionKey byCode(String juminhyoCode) {
    return ProvisionKey.newBuilder().setJuminhyoCode(juminhyoCode).build();
  }

  public static ProvisionKey byNumber(String individualNumber) {
    return ProvisionKey.newBuilder().setIndividualNumber(individualNumber).build();
  }

  /** 4情報: name and birth date; sex and address narrow when given (null or empty: not given). */
  public static ProvisionKey byFourItems(String name, String birthDate, Sex sex, String address) {
    FourItems.Builder f = FourItems.newBuilder().setName(name).setBirthDate(birthDate);
    if (sex != null) {
      f.setSex(sex);
    }
    if (address != null) {
      f.setAddress(address);
    }
    return ProvisionKey.newBuilder().setFourItems(f).build();
  }

  @Override
  public void close() {
    connections.close();
  }
}
