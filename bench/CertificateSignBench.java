import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical limit of CSR-mode minting: raw in-process JCA RSA-2048 signatures (SHA256withRSA, the signature of a
 * leaf signed by a builtin CA) over a leaf-sized TBSCertificate, on as many threads as the server's crypto pool has,
 * after a warm-up. Run by bench/certificates.sh (java source-file mode, no classpath); prints signatures per second of
 * wall time and per second of the workers' CPU time (the latter does not move when other processes take the cores).
 *
 * <p>Usage: {@code java bench/CertificateSignBench.java [threads] [seconds]}
 */
public class CertificateSignBench {

    /** About the size of a leaf's DER TBSCertificate with a handful of URI SANs. */
    static final int TBS_BYTES = 900;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args.length > 0 ? args[0] : "2");
        double seconds = Double.parseDouble(args.length > 1 ? args[1] : "10");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey key = g.generateKeyPair().getPrivate();
        run(key, threads, seconds / 2); // warm-up: JIT of the BigInteger and SHA-256 paths
        double[] rate = run(key, threads, seconds);
        System.out.printf("raw JCA RSA-2048 signs (SHA256withRSA, %d threads) %10.0f /s%n", threads, rate[0]);
        System.out.printf("raw JCA RSA-2048 signs per CPU-second             %10.0f /s%n", rate[1]);
    }

    /** Returns {signatures per wall second, signatures per CPU second of the signing threads}. */
    static double[] run(PrivateKey key, int threads, double seconds) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        LongAdder signed = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                byte[] tbs = new byte[TBS_BYTES];
                new SecureRandom().nextBytes(tbs);
                try {
                    start.await();
                    long cpu0 = cpu.getCurrentThreadCpuTime();
                    long end = window[1];
                    long n = 0;
                    while (System.nanoTime() < end) {
                        tbs[(int) (n % TBS_BYTES)]++; // a different certificate each time
                        Signature s = Signature.getInstance("SHA256withRSA");
                        s.initSign(key);
                        s.update(tbs);
                        s.sign();
                        n++;
                    }
                    signed.add(n);
                    cpuNanos.add(cpu.getCurrentThreadCpuTime() - cpu0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            w.start();
            workers.add(w);
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double wall = (System.nanoTime() - window[0]) / 1e9;
        return new double[] {signed.sum() / wall, signed.sum() / (cpuNanos.sum() / 1e9)};
    }
}
