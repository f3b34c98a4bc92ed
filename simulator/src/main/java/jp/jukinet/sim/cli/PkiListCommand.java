package jp.jukinet.sim.cli;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import jp.jukinet.protocol.pki.CertificateEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jukinet pki list}: every certificate with its serial, expiry and revocation. */
@Command(
    name = "list",
    description = "List every certificate: name, role, code, serial, expiry, revoked.")
public final class PkiListCommand extends BaseCommand {
  @Mixin PkiDirMixin pki;

  @Mixin JsonMixin json;

  /** One row, as printed. */
  public record Row(
      String name, String role, String code, String serial, String notAfter, boolean revoked) {}

  /** The rows: a JSON array, or a table with a count of revoked certificates. */
  public record Listing(@JsonValue List<Row> rows) implements CommandResult {
    private static final String FORMAT = "%-16s %-8s %-10s %-34s %-22s %s%n";

    @Override
    public String text() {
      StringBuilder text =
          new StringBuilder(
              String.format(FORMAT, "NAME", "ROLE", "CODE", "SERIAL", "NOT AFTER", "REVOKED"));
      for (Row r : rows) {
        text.append(
            String.format(
                FORMAT,
                r.name(),
                r.role(),
                r.code(),
                r.serial(),
                r.notAfter(),
                r.revoked() ? "yes" : "no"));
      }
      return text.append(
              String.format(
                  "%d certificates, %d revoked%n",
                  rows.size(), rows.stream().filter(Row::revoked).count()))
          .toString();
    }
  }

  @Override
  public Integer call() {
    List<CertificateEntry> entries = pki.open().list();
    List<Row> rows =
        entries.stream()
            .map(
                e ->
                    new Row(
                        e.name(),
                        e.role(),
                        e.code(),
                        e.serialHex(),
                        e.notAfter().toString(),
                        e.revoked()))
            .toList();
    emit(json, new Listing(rows));
    return ExitCodes.OK;
  }
}
