package jp.jukinet.national;

import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 住民票コード変更 (法第30条の4) beyond the prefecture that made it: the old code must stop resolving wherever
 * the person is held, and the prefecture servers and CSs of the municipalities the person lived in
 * before still hold a removed record (除票) under it.
 *
 * <p>Applying a change at the national server stages, in the same write, a routed {@code
 * JuminhyoCodeChangeNotice} into the national server's mailbox for every municipality that needs
 * it; the {@link RoutedRelay} delivers it store-and-forward (held while the destination's
 * prefecture server or CS is down) to the destination's prefecture server, which applies it to its
 * registry, and on to the CS, which applies it to its 除票.
 *
 * <ul>
 *   <li>A 住民票コード変更 from X: a notice to every other municipality that ever recorded a change of the
 *       person (its history's sources), in this prefecture or another.
 *   <li>Any change that arrives under a code already retired (its source had not heard of the code
 *       change yet, e.g. a 転出確定 that was on its way): a notice of each of the person's code changes
 *       to that source.
 * </ul>
 *
 * The route id is one per (code change, destination) and the mailbox remembers route ids for good,
 * so each notice is sent once in effect however often the rules above ask for it.
 */
final class CodeChangeFanout {
  private static final Logger LOG = LoggerFactory.getLogger(CodeChangeFanout.class);

  private final String nodeName;
  private final IdentityRegistry registry;
  private final RoutedMailbox mailbox;
  private final Function<RoutedMessage, String> nextHop;
  private final Clock clock;
  private final AtomicLong staged = new AtomicLong();
  // Route ids one transaction staged (the mailbox sees only committed ones).
  private final Txn.Key<Set<String>> stagedInTxn;

  /**
   * @param nextHop the national routing: the hop a notice for a destination goes to (the mailbox
   *     wakes that hop's forwarder once the notice is durable)
   */
  CodeChangeFanout(
      String nodeName,
      IdentityRegistry registry,
      RoutedMailbox mailbox,
      Function<RoutedMessage, String> nextHop,
      Clock clock) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.nextHop = Objects.requireNonNull(nextHop, "nextHop");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stagedInTxn = Txn.key("code change notices", txn -> new HashSet<>());
  }

  /** Applies {@code change} to the registry and stages the notices it calls for. Writer only. */
  void apply(Txn txn, IdentityChange change) {
    String given = change.getIdentity().getJuminhyoCode();
    boolean underRetiredCode = !registry.stagedCode(txn, given).equals(given);
    registry.apply(txn, change);
    String source = change.getSourceMunicipality();
    if (CodeChangeNotices.isCodeChange(change)) {
      Set<String> former = new TreeSet<>();
      for (IdentityChange c : registry.stagedHistory(txn, given)) {
        former.add(c.getSourceMunicipality());
      }
      former.remove(source);
      for (String destination : former) {
        stage(txn, change, destination);
      }
    } else if (underRetiredCode) {
      for (IdentityChange c : registry.stagedHistory(txn, given)) {
        if (CodeChangeNotices.isCodeChange(c) && !c.getSourceMunicipality().equals(source)) {
          stage(txn, c, source);
        }
      }
    }
  }

  /** Notices staged so far by this process (the {@code code_change_notices} counter). */
  long staged() {
    return staged.get();
  }

  private void stage(Txn txn, IdentityChange codeChange, String destination) {
    if (!txn.attachment(stagedInTxn).add(CodeChangeNotices.routeId(codeChange, destination))) {
      return;
    }
    try {
      RoutedMessage notice = CodeChangeNotices.notice(codeChange, destination, clock.millis());
      if (mailbox.stage(txn, notice, nextHop.apply(notice))) {
        staged.incrementAndGet();
      }
    } catch (RoutedRelay.UnknownDestinationException | IllegalArgumentException e) {
      // A source code no route leads to cannot hold a record: nothing to tell, and no reason to
      // refuse the change itself.
      LOG.warn(
          "{}: no 住民票コード変更 notice of {}#{} for {}: {}",
          nodeName,
          codeChange.getSourceMunicipality(),
          codeChange.getSequence(),
          destination,
          e.getMessage());
    }
  }
}
