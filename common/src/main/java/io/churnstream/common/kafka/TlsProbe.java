package io.churnstream.common.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Whether the first bootstrap address answers a TLS handshake, for telling a plaintext client why a TLS listener
 * cuts it off. The probe trusts nothing: it only notes that a certificate was presented, refuses it, and sends no data.
 */
final class TlsProbe {

    private final Duration timeout;

    TlsProbe(Duration timeout) {
        this.timeout = timeout;
    }

    boolean speaksTls(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 1) {
            return false;
        }
        String host = first.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(first.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        AtomicBoolean presented = new AtomicBoolean();
        int millis = (int) timeout.toMillis();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new NoticingTrustManager(presented)}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                tls.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            // refused, or not TLS: either way the answer is whether a certificate arrived
        }
        return presented.get();
    }

    /** Notes that the server presented a certificate, and refuses it. */
    private record NoticingTrustManager(AtomicBoolean presented) implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            presented.set(true);
            throw new CertificateException("probe only: no certificate is trusted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("probe only: no certificate is trusted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
