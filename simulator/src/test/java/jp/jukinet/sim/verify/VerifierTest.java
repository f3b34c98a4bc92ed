package jp.jukinet.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.sim.verify.VerifyReport.Difference;
import jp.jukinet.sim.verify.VerifyReport.Kind;
import jp.jukinet.sim.verify.VerifyReport.NodeCount;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private static IdentityInfo rec(String code, String address) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode(code)
        .setMunicipalityCode("192015")
        .setFourItems(FourItems.newBuilder().setName("名 " + code).setAddress(address))
        .build();
  }

  private static Map<String, IdentityInfo> map(IdentityInfo... infos) {
    Map<String, IdentityInfo> m = new TreeMap<>();
    for (IdentityInfo i : infos) {
      m.put(i.getJuminhyoCode(), i);
    }
    return m;
  }

  @Test
  void missingExtraAndStaleAreEachCountedAndListed() {
    List<Difference> listed = new ArrayList<>();
    AtomicLong total = new AtomicLong();
    NodeCount c =
        Verifier.compare(
            "national",
            "192015",
            map(rec("1", "a"), rec("2", "b"), rec("3", "c")),
            map(rec("2", "b"), rec("3", "changed"), rec("4", "d")),
            listed,
            total);
    assertEquals(new NodeCount("national", "192015", 3, 1, 1, 1), c);
    assertEquals(3, total.get());
    assertEquals(
        List.of(Kind.MISSING, Kind.STALE, Kind.EXTRA),
        listed.stream().map(Difference::kind).toList());
    assertEquals(List.of("1", "3", "4"), listed.stream().map(Difference::juminhyoCode).toList());
  }

  @Test
  void aPartialReportNamesEachNodeThatDidNotAnswer() {
    VerifyReport r =
        new VerifyReport(
            0,
            2,
            5,
            List.of(new NodeCount("pref-190004", "192015", 5, 0, 0, 0)),
            List.of(),
            0,
            List.of(),
            List.of(new VerifyReport.NotAnswering("national", "no answer within 20 s")));
    StringWriter text = new StringWriter();
    VerifyTable.print(r, new PrintWriter(text));
    assertTrue(r.partial());
    assertTrue(
        text.toString().contains("not answering: national: no answer within 20 s"),
        text.toString());
    assertTrue(text.toString().contains("1 not answering: PARTIAL"), text.toString());
  }

  @Test
  void identicalRecordsGiveNoDifference() {
    List<Difference> listed = new ArrayList<>();
    AtomicLong total = new AtomicLong();
    NodeCount c =
        Verifier.compare(
            "pref-190004", "192015", map(rec("1", "a")), map(rec("1", "a")), listed, total);
    assertEquals(0, c.total());
    assertEquals(List.of(), listed);
  }
}
