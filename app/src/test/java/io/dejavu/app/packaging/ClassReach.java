package io.dejavu.app.packaging;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a main class can reach by static references (class constants, field and method
 * descriptors, generic signatures, annotations), read from class files' constant pools. Classes of
 * the JDK and classes not found are not followed. Reflection and service loading are not seen.
 *
 * <pre>{@code
 * Map<String, URL> reached = ClassReach.from("io.dejavu.app.desktop.DesktopMain", loader);
 * }</pre>
 */
final class ClassReach {
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+)[;<]");

    private ClassReach() {}

    /** Every reachable class (binary name with slashes) and where its class file was found. */
    static Map<String, URL> from(String mainClass, ClassLoader loader) throws IOException {
        Map<String, URL> reached = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        String start = mainClass.replace('.', '/');
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            URL url = loader.getResource(name + ".class");
            if (url == null || "jrt".equals(url.getProtocol())) {
                continue;
            }
            reached.put(name, url);
            try (InputStream in = url.openStream()) {
                for (String ref : references(in)) {
                    if (seen.add(ref)) {
                        todo.add(ref);
                    }
                }
            }
        }
        return reached;
    }

    /** The class names one class file's constant pool mentions. */
    static Set<String> references(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                String name = utf8[classNameIndex[i]];
                if (name.startsWith("[")) {
                    addDescriptorClasses(name, names);
                } else {
                    names.add(name);
                }
            } else if (utf8[i] != null && utf8[i].indexOf(';') >= 0) {
                addDescriptorClasses(utf8[i], names);
            }
        }
        return names;
    }

    private static void addDescriptorClasses(String text, Set<String> into) {
        Matcher m = DESCRIPTOR_CLASS.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
