package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.ProvisionMethod;

/** Fixed counter rows and a printer for the layouts' golden tests. */
final class ReportRows {
  static final ProvisionMethod IMMEDIATE = ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
  static final ProvisionMethod LINE = ProvisionMethod.PROVISION_METHOD_BATCH_LINE;
  static final ProvisionMethod MEDIA = ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA;

  private ReportRows() {}

  static CounterRow row(String requester, String jimu, String month, ProvisionMethod m, long n) {
    return CounterRow.newBuilder()
        .setRequester(requester)
        .setJimuCode(jimu)
        .setMonth(month)
        .setMethod(m)
        .setCount(n)
        .build();
  }

  static CounterRow disclosure(String month, String request, String receive, long n) {
    return CounterRow.newBuilder()
        .setMonth(month)
        .setRequestMethod(request)
        .setReceiveMethod(receive)
        .setCount(n)
        .build();
  }

  static String text(Consumer<PrintWriter> printer) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      printer.accept(out);
    }
    return s.toString().replace(System.lineSeparator(), "\n");
  }
}
