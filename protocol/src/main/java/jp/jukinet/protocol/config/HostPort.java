package jp.jukinet.protocol.config;

import java.net.InetSocketAddress;

/** A "host:port" pair; port 0 means "any free port" for a listener. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  public static HostPort parse(String s) {
    int colon = s == null ? -1 : s.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid address '" + s + "': expected host:port");
    }
    try {
      return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid address '" + s + "': the port is not a number");
    }
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
