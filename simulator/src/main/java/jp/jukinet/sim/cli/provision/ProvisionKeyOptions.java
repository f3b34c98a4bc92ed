package jp.jukinet.sim.cli.provision;

import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.cs.SexConverter;
import jp.jukinet.sim.workload.AgencyClient;
import picocli.CommandLine.Option;

/**
 * The key of one 即時提供 on the command line: {@code --code}, {@code --number}, or {@code --name} with
 * {@code --birth-date} (narrowed by {@code --sex} and {@code --address}), and {@code --as-of}.
 * Shared by {@code agency <id> lookup} and {@code term <prefecture> lookup}.
 */
public final class ProvisionKeyOptions {
  @Option(names = "--code", description = "住民票コード (11 digits).")
  String code;

  @Option(names = "--number", description = "個人番号 (12 digits).")
  String number;

  @Option(names = "--name", description = "4情報: 氏名 (with --birth-date).")
  String name;

  @Option(names = "--birth-date", description = "4情報: 生年月日, YYYY-MM-DD.")
  String birthDate;

  @Option(
      names = "--sex",
      converter = SexConverter.class,
      description = "4情報: narrows by 性別 (M, F, 男, 女).")
  Sex sex;

  @Option(names = "--address", description = "4情報: narrows by 住所.")
  String address;

  @Option(names = "--as-of", description = "The record as of this date (YYYY-MM-DD).")
  String asOf;

  /**
   * @throws InvalidInputException unless exactly one key is given
   */
  public ProvisionKey key() {
    int kinds = (code != null ? 1 : 0) + (number != null ? 1 : 0) + (name != null ? 1 : 0);
    if (kinds != 1) {
      throw new InvalidInputException(
          "give exactly one key: --code, --number, or --name with --birth-date");
    }
    if (code != null) {
      return AgencyClient.byCode(code);
    }
    if (number != null) {
      return AgencyClient.byNumber(number);
    }
    if (birthDate == null) {
      throw new InvalidInputException("--name needs --birth-date");
    }
    return AgencyClient.byFourItems(name, birthDate, sex, address);
  }

  /** The {@code --as-of} date, or null. */
  public String asOf() {
    return asOf;
  }
}
