package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user or a provider writer can see of this module stays off the internals: the main code
 * never reaches into router-core's {@code internal}, and no public or protected signature of this
 * package (what an outside {@link HttpBackend} subclass compiles against) names a type of an
 * {@code internal} package, router-core's or this module's.
 */
class PackageBoundaryTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path API = MAIN.resolve("dev/switchboard/router/okhttp");

  @Test
  void mainCodeNeverUsesRouterCoresInternals() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (Files.readString(f).contains("dev.switchboard.router.internal")) {
          offenders.add(MAIN.relativize(f).toString());
        }
      }
    }

    assertThat(API).as("run from the module's directory").isDirectory();
    assertThat(offenders).as("files naming dev.switchboard.router.internal").isEmpty();
  }

  @Test
  void noPublicOrProtectedSignatureNamesAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(API)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
        String name = f.getFileName().toString().replace(".java", "");
        classes.add(Class.forName(HttpBackend.class.getPackageName() + "." + name));
      }
    }
    assertThat(classes).contains(HttpBackend.class, HttpBackendBuilder.class, StreamDecoder.class);

    for (Class<?> c : visible(classes)) {
      check(leaks, c.getName() + " extends", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(leaks, c.getName() + " implements", t);
      }
      bounds(leaks, c.getName(), c.getTypeParameters());
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
      members.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        String where = c.getName() + "." + m.getName();
        bounds(leaks, where, m.getTypeParameters());
        if (m instanceof Method method) {
          check(leaks, where + " returns", method.getGenericReturnType());
        }
        for (Type t : m.getGenericParameterTypes()) {
          check(leaks, where + " takes", t);
        }
        for (Type t : m.getGenericExceptionTypes()) {
          check(leaks, where + " throws", t);
        }
      }
    }

    assertThat(leaks).isEmpty();
  }

  /** The public classes and the public or protected classes nested in them, at any depth. */
  private static List<Class<?>> visible(List<Class<?>> topLevel) {
    List<Class<?>> out = new ArrayList<>();
    List<Class<?>> todo = new ArrayList<>(topLevel.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList());
    while (!todo.isEmpty()) {
      Class<?> c = todo.remove(todo.size() - 1);
      out.add(c);
      for (Class<?> nested : c.getDeclaredClasses()) {
        if (visible(nested.getModifiers())) {
          todo.add(nested);
        }
      }
    }
    return out;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void bounds(List<String> leaks, String where, TypeVariable<?>[] variables) {
    for (TypeVariable<?> v : variables) {
      for (Type b : v.getBounds()) {
        check(leaks, where + " <" + v.getName() + " extends>", b);
      }
    }
  }

  /** Every class {@code type} names, type arguments and wildcard bounds included. */
  private static void check(List<String> leaks, String where, Type type) {
    if (type instanceof Class<?> c) {
      Class<?> named = c.isArray() ? c.getComponentType() : c;
      if (named.getName().contains(".internal.")) {
        leaks.add(where + " " + named.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(leaks, where, p.getRawType());
      for (Type a : p.getActualTypeArguments()) {
        check(leaks, where, a);
      }
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(leaks, where, b);
      }
      for (Type b : w.getLowerBounds()) {
        check(leaks, where, b);
      }
    } else if (type instanceof GenericArrayType a) {
      check(leaks, where, a.getGenericComponentType());
    }
    // a type variable names no class of its own: its bounds are checked where it is declared
  }
}
