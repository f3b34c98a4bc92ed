package jp.jukinet.node.provision;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.Names;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.wire.PeerText;

/**
 * {@link KeyLookup} over a server's {@link IdentityRegistry}.
 *
 * <ul>
 *   <li>住民票コード: the person's record, removed (消除) ones included. A code retired by a 住民票コード変更
 *       answers the person under the code that replaced it, with {@code replaced_by_code} set: the
 *       requester learns the new code it must use from now on (a retired code names the same
 *       person, so refusing would only make the requester ask again by 4情報).
 *   <li>個人番号: the person holding it now.
 *   <li>4情報: name (normalised by {@link Names}, the project's one normaliser) and birth date
 *       select; sex and address, when given, narrow (address compared normalised the same way).
 *       Matched on the current record: as of a date, the persons so found are answered as they were
 *       then.
 * </ul>
 *
 * With a date, each person found is answered as of the end of that date ({@link
 * IdentityRegistry#asOf}); a person with no record yet on that date is not found. A malformed key
 * (wrong length, check digit, blank name, unparsable date) is answered {@link LookupResult#invalid}
 * naming what is wrong; nothing is looked up.
 */
public final class RegistryLookup implements KeyLookup {
  private final IdentityRegistry registry;

  public RegistryLookup(IdentityRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public LookupResult lookup(ProvisionKey key, LocalDate asOf) {
    Objects.requireNonNull(key, "key");
    return switch (key.getKeyCase()) {
      case JUMINHYO_CODE -> byCode(key.getJuminhyoCode(), asOf);
      case INDIVIDUAL_NUMBER -> byNumber(key.getIndividualNumber(), asOf);
      case FOUR_ITEMS -> byFourItems(key.getFourItems(), asOf);
      case KEY_NOT_SET -> LookupResult.invalid("no key: give a 住民票コード, a 個人番号 or 4情報");
    };
  }

  private LookupResult byCode(String code, LocalDate asOf) {
    try {
      JuminhyoCode.parse(code);
    } catch (IllegalArgumentException e) {
      return LookupResult.invalid(e.getMessage());
    }
    Optional<IdentityInfo> found = record(code, asOf);
    if (found.isPresent()) {
      return found(found, "");
    }
    Optional<String> successor = registry.retiredCodeSuccessor(code);
    if (successor.isEmpty()) {
      return found(Optional.empty(), "");
    }
    return found(record(successor.get(), asOf), successor.get());
  }

  private LookupResult byNumber(String number, LocalDate asOf) {
    try {
      IndividualNumber.parse(number);
    } catch (IllegalArgumentException e) {
      return LookupResult.invalid(e.getMessage());
    }
    Optional<IdentityInfo> now = registry.byIndividualNumber(number);
    return found(asOf == null ? now : now.flatMap(p -> record(p.getJuminhyoCode(), asOf)), "");
  }

  private LookupResult byFourItems(FourItems items, LocalDate asOf) {
    if (Names.isBlank(items.getName())) {
      return LookupResult.invalid("4情報: the name is blank");
    }
    String birth = items.getBirthDate();
    try {
      IsoDates.parse(birth);
    } catch (DateTimeParseException e) {
      return LookupResult.invalid(
          "4情報: birth date " + PeerText.quoteSingle(birth) + " is not an ISO-8601 date");
    }
    if (items.getSexValue() != 0 && Sex.forNumber(items.getSexValue()) == null) {
      return LookupResult.invalid("4情報: unknown sex " + items.getSexValue());
    }
    String address = items.getAddress().isBlank() ? null : Names.normalize(items.getAddress());
    List<IdentityInfo> out = new ArrayList<>();
    for (IdentityInfo p : registry.byFourItems(items.getName(), birth)) {
      if (matches(p, items.getSex(), address)) {
        Optional<IdentityInfo> then =
            asOf == null ? Optional.of(p) : record(p.getJuminhyoCode(), asOf);
        then.ifPresent(out::add);
      }
    }
    return new LookupResult(out, "", "");
  }

  private static boolean matches(IdentityInfo p, Sex sex, String normalisedAddress) {
    FourItems f = p.getFourItems();
    if (sex != Sex.SEX_UNSPECIFIED && f.getSex() != sex) {
      return false;
    }
    return normalisedAddress == null || Names.normalize(f.getAddress()).equals(normalisedAddress);
  }

  private Optional<IdentityInfo> record(String code, LocalDate asOf) {
    return asOf == null ? registry.current(code) : registry.asOf(code, asOf);
  }

  private static LookupResult found(Optional<IdentityInfo> p, String replacedBy) {
    return new LookupResult(p.map(List::of).orElse(List.of()), p.isPresent() ? replacedBy : "", "");
  }
}
