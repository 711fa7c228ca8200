package org.vigie.probe.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Reads a directory listing line by line with a cap, so a hostile server sending an endless listing
 * cannot fill the heap (Commons Net's own listing methods keep every line). Two thin subclasses
 * give access to the protected data-connection method for FTP and explicit FTPS.
 */
interface ListingClient {
  /** Lines kept at most; a folder with more is reported as such. */
  int MAX_LINES = 20_000;

  /** Characters per line at most; the rest of a longer line is dropped. */
  int MAX_LINE_CHARS = 2_048;

  /** The raw lines of {@code MLSD path} or {@code LIST path}; null if the server refused it. */
  List<String> listLines(FTPCmd command, String path) throws IOException;

  /** The FTP client itself. */
  FTPClient ftp();

  static List<String> read(FTPClient ftp, Socket data) throws IOException {
    List<String> lines = new ArrayList<>();
    try (data;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(data.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? 1 : 0;
          lines.add(line.substring(0, line.length() - end));
          line.setLength(0);
          if (lines.size() >= MAX_LINES) {
            throw new ListingTooLongException(MAX_LINES);
          }
        } else if (line.length() < MAX_LINE_CHARS) {
          line.append((char) c);
        }
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
      }
    }
    if (!ftp.completePendingCommand()) {
      throw new IOException("listing not completed: " + ftp.getReplyString().trim());
    }
    return lines;
  }

  /** A listing longer than {@link #MAX_LINES}. */
  final class ListingTooLongException extends IOException {
    ListingTooLongException(int max) {
      super("the folder lists more than " + max + " entries");
    }
  }

  /** Plain FTP. */
  final class Plain extends FTPClient implements ListingClient {
    @Override
    public List<String> listLines(FTPCmd command, String path) throws IOException {
      Socket data = _openDataConnection_(command, path);
      return data == null ? null : read(this, data);
    }

    @Override
    public FTPClient ftp() {
      return this;
    }
  }

  /** Explicit FTPS (AUTH TLS on the control connection, protected data connections). */
  final class Secure extends FTPSClient implements ListingClient {
    Secure() {
      super(false);
    }

    @Override
    public List<String> listLines(FTPCmd command, String path) throws IOException {
      Socket data = _openDataConnection_(command, path);
      return data == null ? null : read(this, data);
    }

    @Override
    public FTPClient ftp() {
      return this;
    }
  }
}
