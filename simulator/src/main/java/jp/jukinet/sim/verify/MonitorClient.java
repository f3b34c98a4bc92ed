package jp.jukinet.sim.verify;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * The simulator's monitor ({@code monitor-01}) reading records from nodes: one connection per
 * node, kept between calls; {@code list_records_request} pages followed to the end.
 */
public final class MonitorClient implements AutoCloseable {
  /** Records per page. */
  public static final int PAGE = 5_000;

  private final NodeConnections connections;
  private final Duration timeout;

  public MonitorClient(TransportResources resources, NodeTls monitorTls, TransportSettings settings, Duration timeout) {
    Objects.requireNonNull(monitorTls, "monitorTls");
    this.connections = new NodeConnections(resources, settings, node -> monitorTls, settings.connectTimeout());
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
    try {
      return connections.request(node, address, request, timeout).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      throw new VerifyException(node + " at " + address + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new VerifyException(node + " at " + address + ": no answer within " + timeout.toMillis() * 2 + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerifyException("interrupted while asking " + node, e);
    }
  }

  @Override
  public void close() {
    connections.close();
  }
}
