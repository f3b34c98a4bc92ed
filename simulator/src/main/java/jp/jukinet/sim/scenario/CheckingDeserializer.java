package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;

/**
 * Reads a {@link Checked} part of a scenario as usual, then checks it against the header; a refusal
 * is located where the part starts, as is a value its constructor refuses.
 */
final class CheckingDeserializer extends DelegatingDeserializer {
  private final ScenarioContext context;

  CheckingDeserializer(JsonDeserializer<?> delegate, ScenarioContext context) {
    super(delegate);
    this.context = context;
  }

  /** Wraps the deserializer of every {@link Checked} type. */
  static BeanDeserializerModifier modifier(ScenarioContext context) {
    return new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(
          DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
        return Checked.class.isAssignableFrom(desc.getBeanClass())
            ? new CheckingDeserializer(deserializer, context)
            : deserializer;
      }
    };
  }

  @Override
  protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
    return new CheckingDeserializer(newDelegatee, context);
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonLocation start = p.currentTokenLocation();
    Object value;
    try {
      value = super.deserialize(p, ctxt);
    } catch (ValueInstantiationException e) {
      // Jackson locates a refused value where it ends (for a block list, the next line or the
      // end of the file); the reader wants where it starts.
      Throwable cause = e.getCause();
      String reason =
          cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
      throw new JsonMappingException(p, reason, start);
    }
    if (value instanceof Checked c) {
      try {
        c.check(context);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new JsonMappingException(p, e.getMessage(), start);
      }
    }
    return value;
  }
}
