package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a check asks of the network; each answers pass, fail or unknown. */
public enum CheckKind {
  /** Zero differences and zero replication lag between every CS and the servers (verify). */
  @JsonProperty("convergence")
  CONVERGENCE,
  /**
   * Every change a CS recorded was applied exactly once above it: the prefecture's and the national
   * server's applied sequence for each municipality equals the CS's count of changes.
   */
  @JsonProperty("exactly_once")
  EXACTLY_ONCE,
  /** No 住民票コード (nor 個人番号) held by two current records anywhere in the network. */
  @JsonProperty("unique_codes")
  UNIQUE_CODES,
  /** Every move the scenario completed ended in 転出確定 at the old CS. */
  @JsonProperty("moves_confirmed")
  MOVES_CONFIRMED,
  /**
   * The national server's 提供件数 for the run's agencies, and each 開示 the run made, equal what the run
   * counted as provided.
   */
  @JsonProperty("provision_log")
  PROVISION_LOG,
  /** Every forbidden request of the run was refused: none answered, counted or shown in 開示. */
  @JsonProperty("purpose_limits")
  PURPOSE_LIMITS,
  /** The national and every prefecture server's provision log verify (verify-log). */
  @JsonProperty("verify_log")
  VERIFY_LOG
}
