package jp.jukinet.sim.cli.provision;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.cs.ResidentOutput;

/** The answer to one 即時提供 as the lookup commands print it (text or JSON). */
public final class LookupOutput {
  private LookupOutput() {}

  /**
   * @param requesterKey the JSON field naming the requester ({@code agency}, {@code terminal})
   * @param requester its certificate name ({@code agency-A20}, {@code term-190004-01})
   */
  public static CommandResult of(
      String requesterKey, String requester, String jimu, SingleProvisionResponse r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(requesterKey, requester);
    m.put("jimu", jimu);
    m.put("matches", r.getMatchesList().stream().map(ResidentOutput::identity).toList());
    m.put("replaced_by_code", r.getReplacedByCode());
    m.put("log_sequence", r.getLogSequence());
    return CommandResult.of(
        m,
        out -> {
          if (r.getMatchesCount() == 0) {
            out.println("該当なし (not found)");
            return;
          }
          if (!r.getReplacedByCode().isEmpty()) {
            out.println("住民票コード変更: the code asked for was replaced by " + r.getReplacedByCode());
          }
          out.printf(
              "即時提供 to %s for %s: %d match%s (provision log #%d)%n",
              requester,
              jimu,
              r.getMatchesCount(),
              r.getMatchesCount() == 1 ? "" : "es",
              r.getLogSequence());
          for (IdentityInfo i : r.getMatchesList()) {
            out.println();
            ResidentOutput.printIdentity(out, i);
          }
        });
  }
}
