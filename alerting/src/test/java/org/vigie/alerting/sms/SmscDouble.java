package org.vigie.alerting.sms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

/**
 * An SMSC on 127.0.0.1 built from jsmpp's server side: accepts binds with one system id and
 * password, records every submit_sm and enquire_link, answers with message ids or with a chosen
 * error status.
 */
final class SmscDouble implements AutoCloseable {
  final List<SubmitSm> submits = new CopyOnWriteArrayList<>();
  final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  final AtomicInteger enquireLinks = new AtomicInteger();
  final AtomicInteger binds = new AtomicInteger();

  /** When non-zero, every submit_sm is answered with this command status. */
  volatile int failWith;

  private final String systemId;
  private final String password;
  private final SMPPServerSessionListener listener;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger ids = new AtomicInteger();
  private int port;
  private volatile boolean closed;

  SmscDouble(String systemId, String password) throws IOException {
    this.systemId = systemId;
    this.password = password;
    this.listener = new SMPPServerSessionListener(0, new Loopback());
    listener.setMessageReceiverListener(new Receiver());
    threads.submit(this::acceptLoop);
  }

  int port() {
    return port;
  }

  /** Drops every bound session, as an SMSC restart or a cut link would. */
  void dropSessions() {
    for (SMPPServerSession s : sessions) {
      s.close();
    }
    sessions.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SMPPServerSession session = listener.accept();
        threads.submit(() -> bind(session));
      } catch (IOException e) {
        if (!closed) {
          e.printStackTrace();
        }
        return;
      }
    }
  }

  private void bind(SMPPServerSession session) {
    try {
      BindRequest req = session.waitForBind(5000);
      if (req.getSystemId().equals(systemId) && req.getPassword().equals(password)) {
        req.accept("vigie-smsc");
        binds.incrementAndGet();
        sessions.add(session);
      } else {
        req.reject(SMPPConstant.STAT_ESME_RINVPASWD);
      }
    } catch (Exception e) {
      session.close();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    dropSessions();
    listener.close();
    threads.shutdownNow();
  }

  /** Listens on 127.0.0.1 only, on a free port. */
  private final class Loopback implements ServerConnectionFactory {
    @Override
    public ServerConnection listen(int ignored) throws IOException {
      return listen(ignored, 0, 50);
    }

    @Override
    public ServerConnection listen(int ignored, int timeout) throws IOException {
      return listen(ignored, timeout, 50);
    }

    @Override
    public ServerConnection listen(int ignored, int timeout, int backlog) throws IOException {
      ServerSocket socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
      socket.setSoTimeout(timeout);
      port = socket.getLocalPort();
      return new ServerSocketConnection(socket);
    }
  }

  private final class Receiver implements ServerMessageReceiverListener {
    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
        throws ProcessRequestException {
      int status = failWith;
      if (status != 0) {
        throw new ProcessRequestException("refused on purpose", status);
      }
      submits.add(submitSm);
      try {
        return new SubmitSmResult(
            new MessageId(Integer.toHexString(0x1000 + ids.incrementAndGet())),
            new OptionalParameter[0]);
      } catch (org.jsmpp.PDUStringException e) {
        throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
      }
    }

    @Override
    public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
      enquireLinks.incrementAndGet();
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti m, SMPPServerSession s)
        throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm m, SMPPServerSession s)
        throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm m, SMPPServerSession s) throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelSm(CancelSm m, SMPPServerSession s) throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm m, SMPPServerSession s)
        throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm m, SMPPServerSession s)
        throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm m, SMPPServerSession s)
        throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm m, Session s) throws ProcessRequestException {
      throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }
}
