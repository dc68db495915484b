package io.coalition.eventlog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributesTest {

    @Test
    void typesFollowJavaValues() {
        UUID id = UUID.randomUUID();
        Attributes a = Attributes.of("s", "x", "d", Instant.EPOCH, "i", 3L, "f", 1.5, "b", true, "u", id);
        assertThat(a.type("s")).isEqualTo(AttributeType.STRING);
        assertThat(a.type("d")).isEqualTo(AttributeType.DATE);
        assertThat(a.type("i")).isEqualTo(AttributeType.INT);
        assertThat(a.type("f")).isEqualTo(AttributeType.FLOAT);
        assertThat(a.type("b")).isEqualTo(AttributeType.BOOLEAN);
        assertThat(a.type("u")).isEqualTo(AttributeType.ID);
        assertThat(a.get("u")).isEqualTo(id);
        assertThat(a.get("missing")).isNull();
    }

    @Test
    void equalityIgnoresKeyOrderButNotTypes() {
        assertThat(Attributes.of("a", "1", "b", 2L)).isEqualTo(Attributes.of("b", 2L, "a", "1"));
        assertThat(Attributes.of("a", "1", "b", 2L).hashCode()).isEqualTo(Attributes.of("b", 2L, "a", "1").hashCode());
        assertThat(Attributes.of("a", "2")).isNotEqualTo(Attributes.of("a", 2L));
    }

    @Test
    void nestedAndCompositeAttributesKeepTheirStructure() {
        Attribute nested = new Attribute("cost", AttributeType.FLOAT, 3.0, Attributes.of("currency", "EUR"));
        Attribute list = new Attribute("items", AttributeType.LIST,
                List.of(Attribute.of("item", "x"), Attribute.of("item", "y")), Attributes.EMPTY);
        Attributes a = Attributes.builder().put(nested).put(list)
                .put(Attribute.of("box", Attributes.of("inner", 1L))).build();
        assertThat(a.get("cost")).isEqualTo(3.0);
        assertThat(a.attribute("cost").meta().get("currency")).isEqualTo("EUR");
        assertThat(a.attribute("items").items()).extracting(Attribute::value).containsExactly("x", "y");
        assertThat(a.type("box")).isEqualTo(AttributeType.CONTAINER);
        assertThat(((Attributes) a.get("box")).get("inner")).isEqualTo(1L);
    }

    @Test
    void sharedPoolReusesKeyArraysAndStrings() {
        StringPool pool = new StringPool();
        String activity = pool.value(new String("register"));
        assertThat(pool.value(new String("register"))).isSameAs(activity);
        Attributes a = Attributes.builder(pool).put("concept:name", "a").build();
        Attributes b = Attributes.builder(pool).put("concept:name", "b").build();
        assertThat(a.keys().get(0)).isSameAs(b.keys().get(0)).isSameAs("concept:name");
    }

    @Test
    void putReplacesAnExistingKey() {
        Attributes a = Attributes.builder().put("k", "old").put("k", "new").build();
        assertThat(a.size()).isEqualTo(1);
        assertThat(a.get("k")).isEqualTo("new");
    }

    @Test
    void wrongValueTypeIsRejected() {
        assertThatThrownBy(() -> new Attribute("k", AttributeType.INT, "x", Attributes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute 'k' of type int cannot hold a String");
    }
}
