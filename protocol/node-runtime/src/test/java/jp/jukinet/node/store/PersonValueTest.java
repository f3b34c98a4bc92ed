package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.junit.jupiter.api.Test;

class PersonValueTest {
  private static final IdentityInfo RECORD =
      Changes.person("12345678901", "山田 花子", "2001-02-03", "123456789012", "甲府市丸の内1-1");

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> changes(byte[] value) {
    List<String> out = new ArrayList<>();
    PersonValue.forEachChange(
        value,
        (offset, length) ->
            out.add(new String(Arrays.copyOfRange(value, offset, offset + length))));
    return out;
  }

  @Test
  void holdsTheLatestSortKeyTheRecordAndTheHistoryInOrder() throws Exception {
    byte[] v = PersonValue.encode(b("key-2"), RECORD, null, List.of(b("first"), b("second")));
    assertTrue(PersonValue.hasRecord(v));
    assertArrayEquals(b("key-2"), PersonValue.lastSortKey(v));
    assertEquals(
        RECORD,
        IdentityInfo.parser()
            .parseFrom(v, PersonValue.recordOffset(v), PersonValue.recordLength(v)));
    assertEquals(List.of("first", "second"), changes(v));
  }

  @Test
  void appendsToTheStoredHistoryWithoutItsOldHeaderAndMayHoldNoRecord() {
    byte[] stored = PersonValue.encode(b("k1"), RECORD, null, List.of(b("a"), b("bb")));
    byte[] v = PersonValue.encode(b("a-longer-key-3"), null, stored, List.of(b("ccc")));
    assertFalse(PersonValue.hasRecord(v));
    assertEquals(0, PersonValue.recordLength(v));
    assertArrayEquals(b("a-longer-key-3"), PersonValue.lastSortKey(v));
    assertEquals(List.of("a", "bb", "ccc"), changes(v));
  }
}
