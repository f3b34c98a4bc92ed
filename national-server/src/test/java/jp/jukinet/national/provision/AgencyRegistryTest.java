package jp.jukinet.national.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Agency;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;

class AgencyRegistryTest {
  private static final ProvisionMethod IMMEDIATE = ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
  private static final ProvisionMethod LINE = ProvisionMethod.PROVISION_METHOD_BATCH_LINE;
  private static final ProvisionMethod MEDIA = ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA;

  private final AgencyRegistry registry = AgencyRegistry.load();

  @Test
  void holdsEveryAgencyAndEvery事務OfTheTableWithStableCodes() {
    assertEquals(32, registry.entries().size());
    assertEquals(68, registry.entries().stream().mapToInt(e -> e.registrations().size()).sum());
    assertEquals("A01", registry.entries().get(0).agency().id());
    assertEquals("日本年金機構", registry.agency("A20").orElseThrow().agency().name());
    List<String> pension =
        registry.agency("A20").orElseThrow().registrations().stream()
            .map(r -> r.jimu().id())
            .toList();
    assertEquals(List.of("J36", "J37", "J38", "J39", "J40", "J41", "J42", "J43"), pension);
    assertEquals("A20", registry.holderOf("J39").orElseThrow().agency().id());
  }

  @Test
  void methodsFollowTheNoticesPatternsAndTheDocumentedDefault() {
    assertEquals(EnumSet.of(IMMEDIATE, LINE, MEDIA), methods("A20", "J39"));
    assertEquals(EnumSet.of(IMMEDIATE, LINE), methods("A04", "J06"));
    assertEquals(EnumSet.of(MEDIA), methods("A23", "J46"));
    assertEquals(EnumSet.of(MEDIA), methods("A22", "J45"));
    assertEquals(EnumSet.of(IMMEDIATE), methods("A29", "J56"));
    assertEquals(EnumSet.of(MEDIA), methods("A18", "J31"), "a 事務 row overrides its agency");
    assertEquals(AgencyRegistry.DEFAULT_METHODS, methods("A18", "J34"));
    assertEquals(AgencyRegistry.DEFAULT_METHODS, methods("A11", "J21"));
  }

  @Test
  void aMethodsRowForNothingKnownIsRefused() {
    List<Agency> agencies = List.of(new Agency("A01", "x"));
    List<Jimu> jimu = List.of(new Jimu("J01", "A01", "t", 0));
    Map<String, Set<ProvisionMethod>> methods = Map.of("A02", EnumSet.of(MEDIA));
    assertThrows(IllegalArgumentException.class, () -> new AgencyRegistry(agencies, jimu, methods));
  }

  @Test
  void methodWordsRoundTrip() {
    for (ProvisionMethod m : EnumSet.of(IMMEDIATE, LINE, MEDIA)) {
      assertEquals(m, AgencyRegistry.method(AgencyRegistry.word(m)));
    }
    assertThrows(IllegalArgumentException.class, () -> AgencyRegistry.method("fax"));
    assertEquals(68, Agencies.jimu().size());
  }

  private Set<ProvisionMethod> methods(String agency, String jimu) {
    return registry.agency(agency).orElseThrow().registration(jimu).orElseThrow().methods();
  }
}
