package jp.jukinet.sim.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.testing.PeerClient;

/**
 * Reads the national server's provision log as the monitor and checks one batch's entries against
 * what the agency received: the persons logged, entry after entry, are exactly the persons of the
 * results in index order, each once.
 */
final class ProvisionLogCheck {
  private ProvisionLogCheck() {}

  static void assertBatchLoggedOnce(
      LocalNetwork net, NodeRuntime runtime, PeerId agency, String batch, List<BatchResult> out)
      throws Exception {
    List<String> expected = new ArrayList<>();
    for (BatchResult r : out) {
      for (IdentityInfo m : r.getMatchesList()) {
        expected.add(m.getJuminhyoCode());
      }
    }
    List<String> logged = new ArrayList<>();
    long lastFirstIndex = -1;
    Connection monitor =
        PeerClient.connect(net, runtime, BatchResidents.MONITOR, PeerId.national());
    try {
      long after = 0;
      while (true) {
        ProvisionLogPage page =
            monitor
                .request(
                    Envelope.newBuilder()
                        .setProvisionLogRequest(
                            ProvisionLogRequest.newBuilder()
                                .setAfterSequence(after)
                                .setLimit(1_000)),
                    Duration.ofSeconds(30))
                .get(40, TimeUnit.SECONDS)
                .getProvisionLogPage();
        for (ProvisionLogEntry e : page.getEntriesList()) {
          after = e.getSequence();
          if (e.getRequester().equals(agency.name()) && e.getRequestId().equals(batch)) {
            assertTrue(
                e.getFirstIndex() > lastFirstIndex, "entries in index order: " + e.getFirstIndex());
            lastFirstIndex = e.getFirstIndex();
            logged.addAll(e.getPersonsList());
          }
        }
        if (!page.getMore() || page.getEntriesCount() == 0) {
          break;
        }
      }
    } finally {
      monitor.close();
    }
    assertEquals(expected.size(), logged.size(), "persons logged for batch " + batch);
    assertEquals(expected, logged);
  }
}
