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
import java.io.IOException;

/**
 * Reads a {@link Checked} part of a scenario as usual, then checks it against the header; a refusal
 * is located where the part starts.
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
    Object value = super.deserialize(p, ctxt);
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
