package io.meshtrust.nativeimage;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.security.Key;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * Walks what a class's static fields hold, the way the native-image builder snapshots the heap of classes it
 * initialised at build time, and names every path that ends in something GraalVM refuses in the image heap or that
 * must not be shared by every process started from one image: a {@link Random} (so {@code SecureRandom}), a
 * {@link SplittableRandom}, a {@link Thread}, an {@link Executor}, a {@link Key} or {@link KeyPair}, an open file or a
 * socket.
 *
 * <p>It follows our own objects field by field, arrays element by element, and JDK collections and maps through their
 * public API (their fields are not open to reflection, and what they hold is what matters). A JDK object that is none
 * of those is a leaf: the builder would take it whole, but it is not ours to hold a random in.
 */
final class StaticStateWalker {

    private static final List<Class<?>> FORBIDDEN = List.of(
            Random.class,
            SplittableRandom.class,
            Thread.class,
            Executor.class,
            Key.class,
            KeyPair.class,
            FileDescriptor.class,
            FileInputStream.class,
            FileOutputStream.class,
            RandomAccessFile.class,
            Channel.class,
            Socket.class,
            ServerSocket.class,
            DatagramSocket.class,
            Process.class);
    private static final int MAX_DEPTH = 12;

    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private final List<String> findings = new ArrayList<>();

    /** The paths from {@code type}'s static fields to a forbidden object, as {@code Class.field.inner[2] (Type)}. */
    static List<String> findings(Class<?> type) {
        StaticStateWalker walker = new StaticStateWalker();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                walker.visit(read(field, null), type.getName() + "." + field.getName(), 0);
            }
        }
        return walker.findings;
    }

    private void visit(Object value, String path, int depth) {
        if (value == null || value instanceof Class<?> || depth > MAX_DEPTH || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> forbidden : FORBIDDEN) {
            if (forbidden.isInstance(value)) {
                findings.add(path + " (" + value.getClass().getName() + ")");
                return;
            }
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    visit(Array.get(value, i), path + "[" + i + "]", depth + 1);
                }
            }
        } else if (value instanceof Map<?, ?> map && isJdk(type)) {
            for (var entry : List.copyOf(map.entrySet())) {
                visit(entry.getKey(), path + ".key(" + entry.getKey() + ")", depth + 1);
                visit(entry.getValue(), path + "[" + entry.getKey() + "]", depth + 1);
            }
        } else if (value instanceof Collection<?> collection && isJdk(type)) {
            int i = 0;
            for (Object element : List.copyOf(collection)) {
                visit(element, path + "[" + i++ + "]", depth + 1);
            }
        } else if (!isJdk(type)) {
            for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())
                            && !field.getType().isPrimitive()) {
                        visit(read(field, value), path + "." + field.getName(), depth + 1);
                    }
                }
            }
        }
    }

    private static boolean isJdk(Class<?> type) {
        Module module = type.getModule();
        return type.isPrimitive()
                || module.isNamed() && module.getName().startsWith("java.")
                || module.isNamed() && module.getName().startsWith("jdk.");
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            return null; // a closed module's field: not ours, and not followed
        }
    }
}
