package jp.jukinet.sim.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeAck;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.testing.PeerClient;

/**
 * A CS played by the test over a real mTLS connection with a CS certificate of the network's PKI (a
 * client, in place of the stopped real CS): sends IdentityChangeBatch and RoutedMessage frames
 * itself and acknowledges routed messages it receives.
 */
final class FakeCs implements AutoCloseable {
  final PeerId id;

  /** Routed messages delivered to this CS (each acknowledged). */
  final List<RoutedMessage> received;

  private final Connection connection;

  private FakeCs(PeerId id, Connection connection, List<RoutedMessage> received) {
    this.id = id;
    this.connection = connection;
    this.received = received;
  }

  /**
   * Connects to {@code pref} with the certificate of the CS {@code code} (whose real node is
   * stopped).
   */
  static FakeCs connect(LocalNetwork net, NodeRuntime runtime, String code, PeerId pref)
      throws Exception {
    PeerId id = PeerId.cs(code);
    List<RoutedMessage> inbox = new CopyOnWriteArrayList<>();
    EnvelopeHandler handler =
        (c, env) -> {
          if (env.hasRoutedMessage()) {
            inbox.add(env.getRoutedMessage());
            c.reply(
                env,
                Envelope.newBuilder()
                    .setRoutedAck(
                        RoutedAck.newBuilder().setRouteId(env.getRoutedMessage().getRouteId())));
          }
        };
    Connection c = PeerClient.connect(net, runtime, id, pref, handler);
    return new FakeCs(id, c, inbox);
  }

  Connection connection() {
    return connection;
  }

  CompletableFuture<Envelope> send(IdentityChange... changes) {
    return connection.request(
        Envelope.newBuilder()
            .setIdentityChangeBatch(
                IdentityChangeBatch.newBuilder().addAllChanges(List.of(changes))),
        Duration.ofSeconds(20));
  }

  IdentityChangeAck sendAndAck(IdentityChange... changes) throws Exception {
    Envelope e = send(changes).get(20, TimeUnit.SECONDS);
    return e.getIdentityChangeAck();
  }

  CompletableFuture<Envelope> route(RoutedMessage m) {
    return connection.request(Envelope.newBuilder().setRoutedMessage(m), Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    connection.close();
  }

  // --- builders --------------------------------------------------------------------------------

  static IdentityInfo person(
      String code, String number, String name, String birth, String address) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode(code)
        .setIndividualNumber(number)
        .setFourItems(
            FourItems.newBuilder()
                .setName(name)
                .setBirthDate(birth)
                .setSex(Sex.SEX_MALE)
                .setAddress(address))
        .build();
  }

  static IdentityChange change(
      String source,
      long seq,
      ChangeOperation op,
      ChangeReason reason,
      String date,
      IdentityInfo who) {
    return IdentityChange.newBuilder()
        .setSourceMunicipality(source)
        .setSequence(seq)
        .setOperation(op)
        .setReason(reason)
        .setReasonDate(date)
        .setRecordedAtMillis(System.currentTimeMillis())
        .setIdentity(who.toBuilder().setMunicipalityCode(source))
        .build();
  }

  static IdentityChange birth(String source, long seq, IdentityInfo who) {
    return change(
        source,
        seq,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_BIRTH,
        who.getFourItems().getBirthDate(),
        who);
  }

  static RoutedMessage moveInNotice(
      String routeId, String origin, String destination, IdentityInfo who) {
    return RoutedMessage.newBuilder()
        .setRouteId(routeId)
        .setOriginMunicipality(origin)
        .setDestinationMunicipality(destination)
        .setCreatedAtMillis(System.currentTimeMillis())
        .setMoveInNotice(
            MoveInNotice.newBuilder()
                .setIdentity(who)
                .setMoveInDate("2020-04-01")
                .setPreviousJuminhyoCode(who.getJuminhyoCode()))
        .build();
  }
}
