package org.vigie.aggregator.influx;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.Secret;

/**
 * The blocking InfluxDB 1.x client (influxdb-java over OkHttp): writes pre-formatted line protocol
 * and runs the schema statements. Called only from the sink's single worker thread. Every message
 * it throws is scrubbed of the password.
 */
public final class InfluxClient implements Closeable {
  private final InfluxOptions options;
  private final InfluxDB influx;

  /** Why a request failed, and whether sending the same points again can succeed. */
  public static final class InfluxFailure extends Exception {
    private final boolean retryable;

    InfluxFailure(String message, boolean retryable) {
      super(message, null, false, false);
      this.retryable = retryable;
    }

    /**
     * False when InfluxDB refused the points themselves (unparsable, field type conflict, beyond
     * the retention policy): sending them again would fail forever and block the spool.
     */
    public boolean retryable() {
      return retryable;
    }
  }

  public InfluxClient(InfluxOptions options) {
    this.options = options;
    long ms = options.timeout().toMillis();
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(ms, TimeUnit.MILLISECONDS)
            .readTimeout(ms, TimeUnit.MILLISECONDS)
            .writeTimeout(ms, TimeUnit.MILLISECONDS)
            .callTimeout(ms, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .socketFactory(new NoDelaySocketFactory());
    this.influx =
        options.username() == null
            ? InfluxDBFactory.connect(options.url(), http)
            : InfluxDBFactory.connect(
                options.url(), options.username(), options.password().reveal(), http);
  }

  /** Writes lines (no trailing newlines) with millisecond timestamps; returns on HTTP 204. */
  public void write(List<String> lines) throws InfluxFailure {
    try {
      influx.write(
          options.database(),
          options.retentionPolicy(),
          InfluxDB.ConsistencyLevel.ONE,
          TimeUnit.MILLISECONDS,
          lines);
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** Runs one statement by POST (InfluxDB 1.x refuses schema changes over GET). */
  public QueryResult execute(String statement) throws InfluxFailure {
    QueryResult r;
    try {
      r = influx.query(new Query(statement, null, true));
    } catch (RuntimeException e) {
      throw failure(e);
    }
    String error = r.getError();
    if (error == null && r.getResults() != null) {
      error =
          r.getResults().stream()
              .map(QueryResult.Result::getError)
              .filter(e -> e != null)
              .findFirst()
              .orElse(null);
    }
    if (error != null) {
      throw new InfluxFailure(scrub(statement + ": " + error), false);
    }
    return r;
  }

  private InfluxFailure failure(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
      message = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
    }
    boolean refusedPoints =
        e instanceof InfluxDBException.UnableToParseException
            || e instanceof InfluxDBException.FieldTypeConflictException
            || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException
            || message.toLowerCase(Locale.ROOT).contains("partial write");
    return new InfluxFailure(scrub(message), !refusedPoints);
  }

  /** Removes the password (and the user:password pair) from a message. */
  String scrub(String message) {
    Secret p = options.password();
    return p == null ? message : p.scrub(message);
  }

  /**
   * OkHttp leaves Nagle's algorithm on: a request's body then waits for the ACK of its headers,
   * which the server delays by 40 ms. That caps a write at one batch per 40 ms; measured here, it
   * made a replay of 25,000 points in batches of 100 take 11 s instead of under one.
   */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }
  }

  @Override
  public void close() {
    influx.close();
  }
}
