package jp.jukinet.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Envelope.BodyCase;
import org.junit.jupiter.api.Test;

class CorpusTest {
  private final Corpus corpus =
      new Corpus(
          new Corpus.Network(
              List.of("012017", "012025"), List.of("12101486050"), new ConcurrentHashMap<>()),
          PeerId.parse("op-012017-01"),
          PeerId.cs("012017"),
          "012017");

  @Test
  void hasAValidFrameOfEveryBody() throws Exception {
    for (BodyCase body : BodyCase.values()) {
      Envelope e = corpus.frame(body, new SplittableRandom(1)).setMessageId(1).build();
      assertEquals(body, e.getBodyCase());
      byte[] frame = Mutator.encode(e);
      assertEquals(e, Envelope.parseFrom(Arrays.copyOfRange(frame, 8, frame.length)));
    }
  }

  @Test
  void mutationsAreReproducibleFromTheSeed() {
    assertArrayEquals(mutated(42), mutated(42));
  }

  private byte[] mutated(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Envelope.Builder e =
        corpus.frame(BodyCase.RESIDENT_OPERATION_REQUEST, r).setSentAtMillis(0).setMessageId(1);
    Mutator.mutateEnvelope(e, r);
    return Mutator.breakFrame(Mutator.encode(e.build()), r).bytes();
  }
}
