package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.jukinet.protocol.data.Municipalities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CodeAllocatorTest {
  private final CodeAllocator allocator =
      new CodeAllocator("test network".getBytes(StandardCharsets.UTF_8));

  @Test
  void noDuplicatesAcrossEveryMunicipalityAndManyCounters() {
    List<LocalGovernmentCode> codes = new ArrayList<>();
    Municipalities.all().forEach(m -> codes.add(m.code6()));
    // Made-up codes of synthetic topologies and topology files.
    codes.add(LocalGovernmentCode.parse("19299" + CheckDigits.localGovernmentCode("19299")));
    codes.add(LocalGovernmentCode.parse("47999" + CheckDigits.localGovernmentCode("47999")));
    codes.add(LocalGovernmentCode.parse("01001" + CheckDigits.localGovernmentCode("01001")));
    Set<String> juminhyo = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    for (LocalGovernmentCode c : codes) {
      for (long counter :
          java.util.stream.LongStream.of(0, 1, 2, 3, 4999, CodeAllocator.capacity(c) - 1)
              .distinct()
              .toArray()) {
        JuminhyoCode j = allocator.juminhyoCode(c, counter);
        IndividualNumber n = allocator.individualNumber(c, counter);
        assertTrue(JuminhyoCode.isValid(j.value()), j.value());
        assertTrue(IndividualNumber.isValid(n.value()), n.value());
        assertTrue(juminhyo.add(j.value()), "duplicate 住民票コード " + j + " at " + c + "#" + counter);
        assertTrue(numbers.add(n.value()), "duplicate 個人番号 " + n + " at " + c + "#" + counter);
      }
    }
  }

  @Test
  void permutationIsABijectionOnASmallDomain() {
    CodeAllocator.Permutation p =
        new CodeAllocator.Permutation(1000, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    Set<Long> seen = new HashSet<>();
    for (long x = 0; x < 1000; x++) {
      long y = p.apply(x);
      assertTrue(y >= 0 && y < 1000, "out of range: " + y);
      assertTrue(seen.add(y), "collision at " + x);
    }
  }

  @Test
  void slicesAreDisjointAndBelowTheSpace() {
    long last = -1;
    for (var m : Municipalities.all()) {
      long start = CodeAllocator.slotStart(m.code6());
      assertTrue(start > last, "slices overlap at " + m.code6());
      last = start + CodeAllocator.capacity(m.code6()) - 1;
    }
    LocalGovernmentCode highest =
        LocalGovernmentCode.parse("47999" + CheckDigits.localGovernmentCode("47999"));
    assertTrue(CodeAllocator.slotStart(highest) + CodeAllocator.OTHER_SLICE <= 10_000_000_000L);
  }

  @Test
  void everyCodeOfEveryPrefectureHasItsOwnSliceBelowTheSpace() {
    // Every possible municipality code (table, synthetic range 201..299, anything else): the
    // slices, sorted by start, never overlap and all end below 10^10.
    java.util.TreeMap<Long, Long> ends = new java.util.TreeMap<>();
    java.util.Set<String> table = new HashSet<>();
    Municipalities.all().forEach(m -> table.add(m.code6().value()));
    for (int pp = 1; pp <= 47; pp++) {
      for (int mmm = 0; mmm <= 999; mmm++) {
        String base = String.format(java.util.Locale.ROOT, "%02d%03d", pp, mmm);
        LocalGovernmentCode c =
            LocalGovernmentCode.parse(base + CheckDigits.localGovernmentCode(base));
        if (mmm == 0 && !table.contains(c.value())) {
          continue; // a prefecture's own code allocates nothing
        }
        long start = CodeAllocator.slotStart(c);
        assertNull(
            ends.put(start, start + CodeAllocator.capacity(c)),
            "two codes share slice start " + start);
      }
    }
    long previousEnd = 0;
    for (var e : ends.entrySet()) {
      assertTrue(e.getKey() >= previousEnd, "slices overlap at " + e.getKey());
      previousEnd = e.getValue();
    }
    assertTrue(previousEnd <= 10_000_000_000L, "slices end at " + previousEnd);
    assertEquals(
        CodeAllocator.SYNTHETIC_SLICE, CodeAllocator.capacity(LocalGovernmentCode.parse("01201")));
  }

  @Test
  void anotherNetworkKeyGivesOtherCodes() {
    LocalGovernmentCode kofu = LocalGovernmentCode.parse("192015");
    CodeAllocator other = new CodeAllocator("another network".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(allocator.juminhyoCode(kofu, 0), other.juminhyoCode(kofu, 0));
    assertEquals(
        allocator.juminhyoCode(kofu, 7),
        new CodeAllocator("test network".getBytes(StandardCharsets.UTF_8)).juminhyoCode(kofu, 7));
  }

  @Test
  void counterOutsideTheSliceIsRefused() {
    LocalGovernmentCode kofu = LocalGovernmentCode.parse("192015");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> allocator.juminhyoCode(kofu, CodeAllocator.TABLE_SLICE));
    assertTrue(e.getMessage().contains("192015"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> allocator.juminhyoCode(kofu, -1));
  }

  @Test
  void zeroPaddingMatchesStringFormat() {
    for (long v : new long[] {0, 7, 123, 9_999_999_999L, 12_345_678_901L, 99_999_999_999L}) {
      org.junit.jupiter.api.Assertions.assertEquals(
          String.format(java.util.Locale.ROOT, "%011d", v),
          CodeAllocator.zeroPadded(v, 11),
          "value " + v);
      if (v < 10_000_000_000L) {
        org.junit.jupiter.api.Assertions.assertEquals(
            String.format(java.util.Locale.ROOT, "%010d", v),
            CodeAllocator.zeroPadded(v, 10),
            "value " + v);
      }
    }
  }
}
