package jp.jukinet.sim.verify;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.status.StatusCollector;

/**
 * The simulator's monitor ({@code monitor-01}) reading records from nodes: one connection per
 * node, kept between calls; {@code list_records_request} pages followed to the end.
 */
public final class MonitorClient implements AutoCloseable {
  /** Records per page. */
  public static final int PAGE = 5_000;

  private final TransportResources resources;
  private final NodeTls tls;
  private final TransportSettings settings;
  private final Duration timeout;
  private final Map<PeerId, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();

  public MonitorClient(TransportResources resources, NodeTls monitorTls, TransportSettings settings, Duration timeout) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.tls = Objects.requireNonNull(monitorTls, "monitorTls");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Every record {@code node} holds for {@code municipality}, in 住民票コード order. */
  public List<IdentityInfo> listRecords(PeerId node, InetSocketAddress address, String municipality)
      throws VerifyException {
    List<IdentityInfo> out = new ArrayList<>();
    String after = "";
    for (;;) {
      Envelope resp = request(node, address, Envelope.newBuilder().setListRecordsRequest(ListRecordsRequest.newBuilder()
          .setMunicipalityCode(municipality).setAfterJuminhyoCode(after).setLimit(PAGE)));
      if (!resp.hasListRecordsResponse()) {
        throw new VerifyException(node + " answered " + resp.getBodyCase() + " to list_records_request");
      }
      ListRecordsResponse page = resp.getListRecordsResponse();
      out.addAll(page.getRecordsList());
      if (!page.getMore() || page.getRecordsCount() == 0) {
        return out;
      }
      after = page.getRecords(page.getRecordsCount() - 1).getJuminhyoCode();
    }
  }

  private Envelope request(PeerId node, InetSocketAddress address, Envelope.Builder request) throws VerifyException {
    CompletableFuture<Connection> conn = connections.compute(node, (id, existing) -> {
      if (existing != null && (!existing.isDone() || (!existing.isCompletedExceptionally() && existing.join().isActive()))) {
        return existing;
      }
      return TransportClient.connect(resources, tls, StatusCollector.MONITOR, node, address, IGNORE, settings);
    });
    try {
      return conn.thenCompose(c -> c.request(request, timeout)).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      connections.remove(node, conn);
      Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      throw new VerifyException(node + " at " + address + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      connections.remove(node, conn);
      throw new VerifyException(node + " at " + address + ": no answer within " + timeout.toMillis() * 2 + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerifyException("interrupted while asking " + node, e);
    }
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.thenAccept(Connection::close));
    connections.clear();
  }

  private static final EnvelopeHandler IGNORE = (connection, envelope) -> { };
}
