package io.nodelocaldns.installer.cli;

import com.beust.jcommander.converters.IParameterSplitter;
import java.util.List;

/** Repeatable flags take one value per use: {@code --set a=b,c} must stay one value. */
public final class NoSplitter implements IParameterSplitter {
  @Override
  public List<String> split(String value) {
    return List.of(value);
  }
}
