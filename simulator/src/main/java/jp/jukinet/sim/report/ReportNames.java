package jp.jukinet.sim.report;

import java.util.Optional;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Agency;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionMethod;

/** Names the reports print for the codes the counters carry. */
final class ReportNames {
  private ReportNames() {}

  /** The agency a requester's certificate name ({@code agency-A05}) names, if it names one. */
  static Optional<Agency> agency(String requester) {
    try {
      PeerId id = PeerId.parse(requester);
      return id.role() == NodeRole.NODE_ROLE_AGENCY ? Agencies.byId(id.code()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The 別表第一 事務 of {@code code} ({@code J05}). */
  static Optional<Jimu> jimu(String code) {
    return Agencies.jimu().stream().filter(j -> j.id().equals(code)).findFirst();
  }

  /** 提供方法 as the 官報 prints it: 即時提供, 電気通信回線, 磁気媒体. */
  static String method(ProvisionMethod method) {
    return switch (method) {
      case PROVISION_METHOD_IMMEDIATE -> "即時提供";
      case PROVISION_METHOD_BATCH_LINE -> "電気通信回線";
      case PROVISION_METHOD_BATCH_MEDIA -> "磁気媒体";
      default -> "不明";
    };
  }

  /** "1,503,496,744". */
  static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }
}
