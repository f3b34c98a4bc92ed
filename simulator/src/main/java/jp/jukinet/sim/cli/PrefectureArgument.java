package jp.jukinet.sim.cli;

import java.util.List;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Prefecture;

/**
 * A prefecture as the user names it on the command line: its JIS code ({@code 19}), its own
 * 全国地方公共団体コード ({@code 190004}), or its name with or without 都/道/府/県 ({@code 山梨県}, {@code 山梨}).
 */
public final class PrefectureArgument {
  private PrefectureArgument() {}

  /**
   * @throws InvalidInputException when it names no prefecture
   */
  public static Prefecture resolve(String text) {
    List<Prefecture> all = Municipalities.prefectures();
    return all.stream()
        .filter(
            p ->
                p.code2().equals(text)
                    || p.code6().value().equals(text)
                    || p.name().equals(text)
                    || stem(p.name()).equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no prefecture '" + text + "': give its code (19 or 190004) or name (山梨県)"));
  }

  private static String stem(String name) {
    return name.length() > 2 && "都道府県".indexOf(name.charAt(name.length() - 1)) >= 0
        ? name.substring(0, name.length() - 1)
        : name;
  }
}
