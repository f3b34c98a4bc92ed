package jp.jukinet.sim.cli.cs;

import java.util.Locale;
import jp.jukinet.protocol.proto.Sex;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --sex}: M, F, male, female, 男 or 女. */
public final class SexConverter implements ITypeConverter<Sex> {
  @Override
  public Sex convert(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "m", "male", "男" -> Sex.SEX_MALE;
      case "f", "female", "女" -> Sex.SEX_FEMALE;
      default ->
          throw new TypeConversionException(
              "invalid sex '" + value + "': use M, F, male, female, 男 or 女");
    };
  }
}
