package jp.jukinet.cs.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One line of the CS's operation log: every operation it carried out, written in the same batch
 * as the operation's effects (refused requests change nothing, so they are only in the node log).
 *
 * @param sequence position in the log, from 1
 * @param atMillis when it was committed (epoch millis)
 * @param operatorId who asked (the operator id, or "cs" for what the CS did itself, e.g. 転出確定)
 * @param operation the operation's name (出生, 転入, …)
 * @param summary the request in one line
 * @param result the change it produced ("192015#12 記載 出生 12345678903")
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationLogEntry(
    long sequence, long atMillis, String operatorId, String operation, String summary, String result) {}
