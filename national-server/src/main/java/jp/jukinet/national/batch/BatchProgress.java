package jp.jukinet.national.batch;

import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * One batch's durable progress: what it was opened for and the next index whose provision is not
 * yet logged. {@link #logged} is changed only by stagers (on the database's writer thread, so
 * changes are serialized) and put back when their transaction aborts.
 */
final class BatchProgress {
  final String requester;
  final String batchId;
  final String jimuCode;
  final ProvisionMethod method;
  final long keyCount;
  private volatile long logged;

  BatchProgress(
      String requester,
      String batchId,
      String jimuCode,
      ProvisionMethod method,
      long keyCount,
      long logged) {
    this.requester = requester;
    this.batchId = batchId;
    this.jimuCode = jimuCode;
    this.method = method;
    this.keyCount = keyCount;
    this.logged = logged;
  }

  long logged() {
    return logged;
  }

  void setLogged(long logged) {
    this.logged = logged;
  }

  /** As stored: the opening request's fields, resume_from_index = the next index not logged. */
  BatchProvisionRequest toStored() {
    return BatchProvisionRequest.newBuilder()
        .setBatchId(batchId)
        .setJimuCode(jimuCode)
        .setMethod(method)
        .setKeyCount(keyCount)
        .setResumeFromIndex(logged)
        .build();
  }

  static BatchProgress fromStored(String requester, BatchProvisionRequest r) {
    return new BatchProgress(
        requester,
        r.getBatchId(),
        r.getJimuCode(),
        r.getMethod(),
        r.getKeyCount(),
        r.getResumeFromIndex());
  }
}
