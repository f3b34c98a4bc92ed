package jp.jukinet.sim.cli;

import java.util.List;
import jp.jukinet.protocol.pki.CertificateEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jukinet pki list}: every certificate with its serial, expiry and revocation. */
@Command(name = "list", description = "List every certificate: name, role, code, serial, expiry, revoked.")
public final class PkiListCommand extends BaseCommand {
  @Mixin
  PkiDirMixin pki;

  @Mixin
  JsonMixin json;

  /** One row, as printed. */
  public record Row(String name, String role, String code, String serial, String notAfter, boolean revoked) {}

  @Override
  public Integer call() {
    List<CertificateEntry> entries = pki.open().list();
    List<Row> rows = entries.stream()
        .map(e -> new Row(e.name(), e.role(), e.code(), e.serialHex(), e.notAfter().toString(), e.revoked()))
        .toList();
    if (json.json()) {
      printJson(rows);
      return ExitCodes.OK;
    }
    String fmt = "%-16s %-8s %-10s %-34s %-22s %s%n";
    out().printf(fmt, "NAME", "ROLE", "CODE", "SERIAL", "NOT AFTER", "REVOKED");
    for (Row r : rows) {
      out().printf(fmt, r.name(), r.role(), r.code(), r.serial(), r.notAfter(), r.revoked() ? "yes" : "no");
    }
    out().printf("%d certificates, %d revoked%n", rows.size(), rows.stream().filter(Row::revoked).count());
    out().flush();
    return ExitCodes.OK;
  }
}
