package io.nodelocaldns.installer.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/migrate.md's value-by-value table names every value of theirs that migrate handles. */
class MigrateDocsTest {
  @Test
  void theDocsTableNamesEveryDeliveryheroValueTheMappingHas() throws Exception {
    String doc = Files.readString(Path.of("../docs/migrate.md"));

    for (String key : DeliveryheroValues.theirKeys()) {
      int dot = key.lastIndexOf('.');
      boolean named =
          doc.contains("`" + key + "`")
              || (dot > 0
                  && doc.contains("`" + key.substring(0, dot + 1))
                  && doc.contains("`" + key.substring(dot) + "`"));
      assertThat(named).as(key + " in docs/migrate.md").isTrue();
    }
  }
}
