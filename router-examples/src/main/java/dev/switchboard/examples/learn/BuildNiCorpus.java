package dev.switchboard.examples.learn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the classifier's training corpus from allenai/natural-instructions (Apache-2.0): every
 * task's summary from the task list, and, for the task files at hand, the task's definition
 * rendered the ways a user sends it (alone, before pasted input, as a system prompt over the
 * input, after the input). Labels come from the task's category through {@code ni-labelling.tsv}.
 * Input text is taken only from tasks whose instances carry a permissive licence.
 *
 * <pre>
 * java -cp ... dev.switchboard.examples.learn.BuildNiCorpus corpus/classifier /path/to/natural-instructions/tasks
 * </pre>
 * reads {@code ni-tasks.tsv} and {@code ni-labelling.tsv} from the first folder and writes
 * {@code natural-instructions.jsonl.gz} there. The second argument is optional.
 */
public final class BuildNiCorpus {
  // a few task files hold a bare NaN in a field we do not read
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());
  /** Instance licences whose text may be copied into a corpus that ships with the library. */
  private static final Set<String> PERMISSIVE = Set.of("apache 2.0", "apache", "mit", "cc by 4.0", "cc by 3.0",
      "public domain", "cc0: public domain", "cdla permissive 2.0", "afl 3.0",
      "librivox: public domain (https://librivox.org/pages/public-domain/)");
  static final int INPUT_CHARS = 500;
  static final int INPUTS_PER_TASK = 3;

  private static final List<String> MATHS = List.of("math", "arithmetic", "algebra", "geometry", "probability",
      "physics", "equation", "numerical");
  private static final List<String> KNOWLEDGE = List.of("reasoning", "commonsense", "trivia", "knowledge",
      "open-domain", "open domain", "multiple choice", "mutlitple choice", "multiple-choice", "science question");
  private static final List<String> GIVEN_TEXT = List.of("passage", "context", "paragraph", "article", "story",
      "plot", "review", "conversation", "dialogue", "table", "document", "tweet", "abstract", "based on the",
      "given sentence");

  private BuildNiCorpus() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    Path tasks = args.length > 1 ? Path.of(args[1]) : null;
    Map<String, String> labels = readLabelling(folder.resolve("ni-labelling.tsv"));
    List<String[]> list = readTable(folder.resolve("ni-tasks.tsv"));
    Map<String, Integer> familySize = new HashMap<>();
    for (String[] row : list) {
      familySize.merge(family(row[0]), 1, Integer::sum);
    }
    Map<String, JsonNode> files = new TreeMap<>();
    if (tasks != null) {
      try (Stream<Path> s = Files.list(tasks)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          String name = p.getFileName().toString().replace(".json", "");
          files.put(name, JSON.readTree(p.toFile()));
        }
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    int lines = 0;
    Path out = folder.resolve("natural-instructions.jsonl.gz");
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out));
        Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)) {
      for (String[] row : list) {
        String name = row[0];
        JsonNode file = files.get(name);
        String definition = file == null ? "" : String.join(" ", texts(file.get("Definition"))).strip();
        String label = label(labels, row[2], name + " " + row[1] + " " + definition);
        if (label.equals("skip")) {
          continue;
        }
        double taskWeight = (file == null ? 1.0 : 2.0) / Math.sqrt(familySize.get(family(name)));
        List<ObjectNode> rendered = new ArrayList<>();
        rendered.add(user(row[1]));
        if (file != null) {
          List<String> inputs = permissive(file) ? inputs(file) : List.of();
          rendered.add(user(definition));
          // the ways a user sends a task with its input, in turn over the task's inputs
          for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            switch (i % 3) {
              case 0 -> rendered.add(user(definition + "\n\n" + input));
              case 1 -> rendered.add(system(definition, input));
              default -> rendered.add(user(input + "\n\n" + firstSentence(definition)));
            }
          }
        }
        for (ObjectNode request : rendered) {
          ObjectNode line = JSON.createObjectNode();
          line.put("category", label);
          line.set("request", request);
          line.put("weight", Math.round(taskWeight / rendered.size() * 10000) / 10000.0);
          line.put("group", "ni:" + family(name));
          line.put("source", "natural-instructions:" + name);
          w.write(JSON.writeValueAsString(line));
          w.write('\n');
          lines++;
        }
        counts.merge(label, 1, Integer::sum);
      }
    }
    System.out.println("tasks per label: " + counts);
    System.out.println("wrote " + lines + " lines to " + out + " (" + Files.size(out) + " bytes), " + files.size()
        + " task files used");
  }

  /** The label for a task: its category through the table, question answering by the rule in the table's header. */
  static String label(Map<String, String> labels, String category, String text) {
    String label = labels.get(category.strip());
    if (label == null) {
      throw new IllegalArgumentException("category '" + category + "' is not in ni-labelling.tsv");
    }
    if (!label.equals("qa")) {
      return label;
    }
    String t = text.toLowerCase(Locale.ROOT);
    if (MATHS.stream().anyMatch(t::contains)) {
      return "reasoning";
    }
    if (KNOWLEDGE.stream().anyMatch(t::contains)) {
      return "general";
    }
    return GIVEN_TEXT.stream().anyMatch(t::contains) ? "extraction" : "general";
  }

  /** The dataset a task comes from ("task1290_xsum_summarization" comes from "xsum"): tasks of one dataset stay together. */
  static String family(String task) {
    String rest = task.substring(task.indexOf('_') + 1);
    int end = rest.indexOf('_');
    return end < 0 ? rest : rest.substring(0, end);
  }

  private static boolean permissive(JsonNode file) {
    List<String> licences = texts(file.get("Instance License"));
    return !licences.isEmpty() && licences.stream().allMatch(l -> PERMISSIVE.contains(l.toLowerCase(Locale.ROOT)));
  }

  private static List<String> inputs(JsonNode file) {
    List<String> out = new ArrayList<>();
    JsonNode instances = file.get("Instances");
    for (int i = 0; instances != null && i < instances.size() && out.size() < INPUTS_PER_TASK; i++) {
      String in = instances.get(i).path("input").asText("").strip();
      if (!in.isEmpty()) {
        out.add(in.length() > INPUT_CHARS ? in.substring(0, INPUT_CHARS) : in);
      }
    }
    return out;
  }

  private static String firstSentence(String text) {
    int dot = text.indexOf(". ");
    return dot > 0 ? text.substring(0, dot + 1) : text;
  }

  private static ObjectNode user(String text) {
    ObjectNode r = JSON.createObjectNode();
    ArrayNode m = r.putArray("messages");
    m.addObject().put("role", "user").put("content", text);
    return r;
  }

  private static ObjectNode system(String system, String text) {
    ObjectNode r = JSON.createObjectNode();
    ArrayNode m = r.putArray("messages");
    m.addObject().put("role", "system").put("content", system);
    m.addObject().put("role", "user").put("content", text);
    return r;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static Map<String, String> readLabelling(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String[] row : readTable(file)) {
      out.put(row[0].strip(), row[1].strip());
    }
    return out;
  }

  private static List<String[]> readTable(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("\t"));
      }
    }
    return out;
  }
}
