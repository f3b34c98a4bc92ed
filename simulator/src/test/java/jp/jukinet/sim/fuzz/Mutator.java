package jp.jukinet.sim.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.wire.FrameHeader;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * Turns valid frames into hostile ones. Two families:
 *
 * <ul>
 *   <li>{@link #mutateEnvelope}: still valid protobuf in a well-formed frame (random field values:
 *       out-of-range numbers, unknown enum numbers, huge strings, control characters and line
 *       breaks; wrong message and correlation ids; unknown fields with huge varints);
 *   <li>{@link #breakFrame}: the bytes themselves (bit flips, truncation, length-field lies, header
 *       changes, over-long varints, garbage bodies), after which the node may close.
 * </ul>
 */
final class Mutator {
  /** The largest body a node accepts. */
  static final int MAX_BODY = (int) WireLimits.defaults().maxBodyBytes();

  /**
   * One frame's bytes; {@code closeAfter}: the frame is cut short, so the connection is closed
   * after it.
   */
  record Frame(byte[] bytes, String description, boolean closeAfter) {}

  private Mutator() {}

  static byte[] encode(Envelope e) {
    return withBody(e.toByteArray());
  }

  /** Changes one to three things of a valid envelope; returns what it did. */
  static String mutateEnvelope(Envelope.Builder e, SplittableRandom r) {
    StringBuilder did = new StringBuilder();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(100);
      if (kind < 55) {
        FieldDescriptor body =
            e.getOneofFieldDescriptor(Envelope.getDescriptor().getOneofs().get(0));
        Message.Builder target = body == null || r.nextInt(10) == 0 ? e : e.getFieldBuilder(body);
        did.append(" field:").append(mutateField(target, r, 0));
      } else if (kind < 70) {
        long corr = wildLong(r);
        e.setCorrelationId(corr);
        did.append(" correlation_id=").append(Long.toUnsignedString(corr));
      } else if (kind < 78) {
        e.setError(
            Error.newBuilder()
                .setCode(ErrorCode.forNumber(r.nextInt(17)))
                .setMessage(wildString(r))
                .setDefinite(r.nextBoolean()));
        did.append(" unsolicited-error");
      } else if (kind < 86) {
        UnknownFieldSet.Builder u = UnknownFieldSet.newBuilder(e.getUnknownFields());
        int number = 100 + r.nextInt(1000);
        u.mergeField(
            number,
            UnknownFieldSet.Field.newBuilder()
                .addVarint(r.nextBoolean() ? -1L : wildLong(r))
                .build());
        if (r.nextBoolean()) {
          u.mergeField(
              number + 1,
              UnknownFieldSet.Field.newBuilder()
                  .addLengthDelimited(ByteString.copyFromUtf8(wildString(r)))
                  .build());
        }
        e.setUnknownFields(u.build());
        did.append(" unknown-field#").append(number);
      } else if (kind < 92) {
        e.setOperatorId(wildString(r));
        did.append(" operator_id");
      } else if (kind < 96) {
        e.setSender(e.getSender().toBuilder().setCode(wildString(r)).setRoleValue(wildInt(r)));
        did.append(" sender");
      } else {
        e.clearBody();
        did.append(" no-body");
      }
    }
    return did.toString().trim();
  }

  /** Breaks the bytes of a frame; the node may refuse it and close. */
  static Frame breakFrame(byte[] frame, SplittableRandom r) {
    byte[] f = frame.clone();
    switch (r.nextInt(8)) {
      case 0 -> {
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int bit = r.nextInt(f.length * 8);
          f[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return new Frame(f, "bit-flips:" + flips, false);
      }
      case 1 -> {
        int keep = r.nextInt(f.length);
        return new Frame(Arrays.copyOf(f, keep), "truncated-to:" + keep, true);
      }
      case 2 -> {
        int lie =
            switch (r.nextInt(4)) {
              case 0 -> r.nextInt(Math.max(1, f.length - FrameHeader.LENGTH));
              case 1 -> MAX_BODY + 1 + r.nextInt(1000);
              case 2 -> -1;
              default -> f.length - FrameHeader.LENGTH + 1 + r.nextInt(64);
            };
        ByteBuffer.wrap(f).putInt(4, lie);
        long announced = Integer.toUnsignedLong(lie);
        boolean shortOfBytes = announced > f.length - FrameHeader.LENGTH && announced <= MAX_BODY;
        return new Frame(f, "length-lie:" + announced, shortOfBytes);
      }
      case 3 -> {
        int at = r.nextInt(4);
        byte old = f[at];
        do {
          f[at] = (byte) r.nextInt(256);
        } while (f[at] == old);
        return new Frame(f, "header-byte" + at + "=" + (f[at] & 0xFF), false);
      }
      case 4 -> {
        // An over-long varint (11 continuation bytes) for the message id: not a valid protobuf
        // varint.
        byte[] body = Arrays.copyOfRange(f, FrameHeader.LENGTH, f.length);
        byte[] varint = new byte[12];
        Arrays.fill(varint, 0, 11, (byte) 0xFF);
        varint[11] = 0x01;
        return new Frame(withBody(concat(new byte[] {0x08}, varint, body)), "huge-varint", false);
      }
      case 5 -> {
        byte[] body = new byte[r.nextInt(256)];
        r.nextBytes(body);
        return new Frame(withBody(body), "garbage-body:" + body.length, false);
      }
      case 6 -> {
        // Invalid UTF-8 in a string field (operator_id, field 5).
        byte[] body = Arrays.copyOfRange(f, FrameHeader.LENGTH, f.length);
        return new Frame(
            withBody(concat(body, new byte[] {0x2A, 0x03, (byte) 0xC3, 0x28, (byte) 0xFF})),
            "bad-utf8",
            false);
      }
      default -> {
        // A length-delimited field that claims more bytes than the body has.
        byte[] body = Arrays.copyOfRange(f, FrameHeader.LENGTH, f.length);
        return new Frame(
            withBody(concat(body, new byte[] {0x52, (byte) 0xFF, (byte) 0xFF, 0x03})),
            "field-overrun",
            false);
      }
    }
  }

  private static String mutateField(Message.Builder b, SplittableRandom r, int depth) {
    List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
    if (fields.isEmpty()) {
      return b.getDescriptorForType().getName() + "(empty)";
    }
    FieldDescriptor f = fields.get(r.nextInt(fields.size()));
    String name = f.getName();
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      if (f.isRepeated()) {
        int count = b.getRepeatedFieldCount(f);
        if (count > 0 && r.nextInt(3) > 0) {
          int i = r.nextInt(count);
          Message.Builder element = ((Message) b.getRepeatedField(f, i)).toBuilder();
          String inner = mutateField(element, r, depth + 1);
          b.setRepeatedField(f, i, element.build());
          return name + "[" + i + "]." + inner;
        }
        int copies = r.nextInt(10) == 0 ? 1 + r.nextInt(500) : 1;
        Message element = b.newBuilderForField(f).build();
        for (int i = 0; i < copies; i++) {
          b.addRepeatedField(f, element);
        }
        return name + "+" + copies;
      }
      if (depth > 4 || r.nextInt(8) == 0) {
        b.clearField(f);
        return name + "=unset";
      }
      Message.Builder sub = b.getFieldBuilder(f);
      return name + "." + mutateField(sub, r, depth + 1);
    }
    Object v =
        switch (f.getJavaType()) {
          case INT -> wildInt(r);
          case LONG -> wildLong(r);
          case BOOLEAN -> r.nextBoolean();
          case FLOAT -> Float.NaN;
          case DOUBLE -> Double.NEGATIVE_INFINITY;
          case STRING -> wildString(r);
          case BYTE_STRING -> ByteString.copyFromUtf8(wildString(r));
          case ENUM -> f.getEnumType().findValueByNumberCreatingIfUnknown(wildEnum(r));
          case MESSAGE -> throw new AssertionError();
        };
    if (f.isRepeated()) {
      b.addRepeatedField(f, v);
    } else {
      b.setField(f, v);
    }
    return name + "=" + describe(v);
  }

  private static String describe(Object v) {
    String s = String.valueOf(v);
    return s.length() > 24
        ? "<" + s.length() + " chars>"
        : s.replace("\n", "\\n").replace("\r", "\\r");
  }

  static int wildInt(SplittableRandom r) {
    return switch (r.nextInt(7)) {
      case 0 -> 0;
      case 1 -> -1;
      case 2 -> Integer.MAX_VALUE;
      case 3 -> Integer.MIN_VALUE;
      case 4 -> 1 + r.nextInt(20_000);
      case 5 -> (int) (1L << 31 | r.nextInt(1000));
      default -> r.nextInt();
    };
  }

  static long wildLong(SplittableRandom r) {
    return switch (r.nextInt(7)) {
      case 0 -> 0;
      case 1 -> -1;
      case 2 -> Long.MAX_VALUE;
      case 3 -> Long.MIN_VALUE;
      case 4 -> 1 + r.nextInt(100);
      case 5 -> 1L << 63 | r.nextInt(1000);
      default -> r.nextLong();
    };
  }

  private static int wildEnum(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> 99;
      case 2 -> -1;
      case 3 -> Integer.MAX_VALUE;
      default -> 1 + r.nextInt(20);
    };
  }

  /**
   * Strings a peer should not send: empty, long, huge, control characters, forged log lines, bidi
   * overrides, near-valid codes.
   */
  static String wildString(SplittableRandom r) {
    return switch (r.nextInt(14)) {
      case 0 -> "";
      case 1 -> "192015-\n2026-01-01 12:00:00 ERROR [national] forged line\r\n";
      case 2 -> "\u001b[31mred\u001b[0m\u0000\u0007\t\u007f";
      case 3 -> "\u202Egnp.exe\u2066\u200b\u2028\u2029\uFEFF";
      case 4 -> "x".repeat(65 + r.nextInt(10_000));
      case 5 ->
          r.nextInt(100) == 0
              ? "y".repeat(MAX_BODY - r.nextInt(200))
              : "z".repeat(513 + r.nextInt(600));
      case 6 -> Long.toString(r.nextLong(100_000_000_000L));
      case 7 -> String.format("%06d", r.nextInt(1_000_000));
      case 8 -> "2026-02-30";
      case 9 -> "%s%n{}${jndi:ldap://x}'; DROP TABLE";
      case 10 -> new String(Character.toChars(0x1F600 + r.nextInt(50))) + "\uDBFF\uDFFF" + "住民票";
      case 11 -> "-1";
      case 12 -> "01".repeat(r.nextInt(40));
      default -> randomUnicode(r);
    };
  }

  private static String randomUnicode(SplittableRandom r) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(80);
    for (int i = 0; i < n; i++) {
      int cp = r.nextInt(0x110000);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private static byte[] withBody(byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(FrameHeader.LENGTH + body.length);
    b.putShort((short) FrameHeader.MAGIC)
        .put((byte) FrameHeader.CURRENT_VERSION)
        .put((byte) 0)
        .putInt(body.length)
        .put(body);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
