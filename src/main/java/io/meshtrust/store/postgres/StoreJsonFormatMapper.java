package io.meshtrust.store.postgres;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.inject.Singleton;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * Hibernate's JSON format mapper for the store's persistence unit, with a plain Jackson mapper of its own.
 *
 * <p>The entity's JSON columns are mapped as text that {@link ResourceRows} produces, so this mapper only passes
 * strings through; declaring it keeps Quarkus from tying the persistence unit to the REST layer's ObjectMapper
 * (which Quarkus warns about, and will stop doing).
 */
@Singleton
@JsonFormat
@PersistenceUnitExtension
public class StoreJsonFormatMapper implements FormatMapper {

    private final FormatMapper delegate =
            new JacksonJsonFormatMapper(JsonMapper.builder().build());

    @Override
    public <T> T fromString(CharSequence charSequence, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate.fromString(charSequence, javaType, wrapperOptions);
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate.toString(value, javaType, wrapperOptions);
    }
}
