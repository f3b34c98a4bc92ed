package jp.jukinet.national.provision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Agency;
import jp.jukinet.protocol.data.CsvResource;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * The registry of 提供先 (法第30条の9, 別表第一): the 32 agencies, the 68 事務 each is registered for (J01…J68,
 * the rows of the FY2020 provision table) and the 提供方法 each may use for each of them.
 *
 * <p>The methods come from {@code provision-methods.csv} (bundled with the national server): a row
 * names an agency (all its 事務) or one 事務 (overriding its agency's row), with the methods the FY2013
 * 官報 notice shows it using. A 事務 no row names gets {@link #DEFAULT_METHODS}: 即時提供 and
 * 電気通信回線による一括提供, the usual pair; 磁気媒体 only where a row grants it.
 */
public final class AgencyRegistry {
  static final String METHODS_RESOURCE = "/jp/jukinet/national/provision-methods.csv";

  /** The methods of a 事務 the methods table does not name. */
  public static final Set<ProvisionMethod> DEFAULT_METHODS =
      Collections.unmodifiableSet(
          EnumSet.of(
              ProvisionMethod.PROVISION_METHOD_IMMEDIATE,
              ProvisionMethod.PROVISION_METHOD_BATCH_LINE));

  /** One registered 事務 of an agency and the methods it may be provided by. */
  public record Registration(Jimu jimu, Set<ProvisionMethod> methods) {
    public Registration {
      Objects.requireNonNull(jimu, "jimu");
      methods = Collections.unmodifiableSet(EnumSet.copyOf(methods));
      if (methods.isEmpty() || methods.contains(ProvisionMethod.PROVISION_METHOD_UNSPECIFIED)) {
        throw new IllegalArgumentException("事務 " + jimu.id() + ": no valid method");
      }
    }
  }

  /** An agency and its registered 事務 in table order. */
  public record Entry(Agency agency, List<Registration> registrations) {
    public Entry {
      Objects.requireNonNull(agency, "agency");
      registrations = List.copyOf(registrations);
    }

    public Optional<Registration> registration(String jimuCode) {
      return registrations.stream().filter(r -> r.jimu().id().equals(jimuCode)).findFirst();
    }
  }

  private final Map<String, Entry> byAgency;

  /**
   * @param methods methods by agency id or 事務 id (a 事務's row wins over its agency's)
   */
  public AgencyRegistry(
      List<Agency> agencies, List<Jimu> jimu, Map<String, Set<ProvisionMethod>> methods) {
    Map<String, List<Registration>> regs = new LinkedHashMap<>();
    for (Agency a : agencies) {
      if (regs.put(a.id(), new ArrayList<>()) != null) {
        throw new IllegalArgumentException("agency " + a.id() + " listed twice");
      }
    }
    for (Jimu j : jimu) {
      List<Registration> list = regs.get(j.agencyId());
      if (list == null) {
        throw new IllegalArgumentException("事務 " + j.id() + ": no agency " + j.agencyId());
      }
      Set<ProvisionMethod> m =
          methods.getOrDefault(j.id(), methods.getOrDefault(j.agencyId(), DEFAULT_METHODS));
      list.add(new Registration(j, m));
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Agency a : agencies) {
      entries.put(a.id(), new Entry(a, regs.get(a.id())));
    }
    for (String holder : methods.keySet()) {
      boolean known =
          entries.containsKey(holder) || jimu.stream().anyMatch(j -> j.id().equals(holder));
      if (!known) {
        throw new IllegalArgumentException("methods for " + holder + ": no such agency or 事務");
      }
    }
    this.byAgency = Collections.unmodifiableMap(entries);
  }

  /** The registry of the bundled tables: every agency and 事務 of the FY2020 table. */
  public static AgencyRegistry load() {
    return new AgencyRegistry(Agencies.all(), Agencies.jimu(), readMethods());
  }

  static Map<String, Set<ProvisionMethod>> readMethods() {
    Map<String, Set<ProvisionMethod>> methods = new LinkedHashMap<>();
    for (CsvResource.Row row : CsvResource.readResource(METHODS_RESOURCE, "holder,methods,basis")) {
      try {
        Set<ProvisionMethod> set = EnumSet.noneOf(ProvisionMethod.class);
        for (String word : row.field(1).split("\\+")) {
          set.add(method(word));
        }
        if (methods.put(row.field(0), set) != null) {
          throw new IllegalArgumentException(row.field(0) + " has two rows");
        }
      } catch (IllegalArgumentException e) {
        throw row.error(e.getMessage());
      }
    }
    return methods;
  }

  /** {@code immediate}, {@code line} or {@code media}: the words of the table and the CLI. */
  public static ProvisionMethod method(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "immediate" -> ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
      case "line" -> ProvisionMethod.PROVISION_METHOD_BATCH_LINE;
      case "media" -> ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA;
      default ->
          throw new IllegalArgumentException(
              "unknown provision method '" + word + "' (immediate, line, media)");
    };
  }

  /** The word {@link #method(String)} reads. */
  public static String word(ProvisionMethod method) {
    return switch (method) {
      case PROVISION_METHOD_IMMEDIATE -> "immediate";
      case PROVISION_METHOD_BATCH_LINE -> "line";
      case PROVISION_METHOD_BATCH_MEDIA -> "media";
      default -> throw new IllegalArgumentException("no provision method: " + method);
    };
  }

  /** Every agency in id order. */
  public List<Entry> entries() {
    return List.copyOf(byAgency.values());
  }

  public Optional<Entry> agency(String agencyId) {
    return Optional.ofNullable(byAgency.get(agencyId));
  }

  /** The agency a 事務 is registered for, if the 事務 exists. */
  public Optional<Entry> holderOf(String jimuCode) {
    return byAgency.values().stream().filter(e -> e.registration(jimuCode).isPresent()).findFirst();
  }
}
