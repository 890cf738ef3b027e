package io.meshtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.cli.Main;
import io.meshtrust.testsupport.Dataplanes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N Dataplanes of one mesh, each with an in-process {@code dp certificate} agent (real CSRs, real files in its own
 * directory, {@code --check-interval} as given), the agents spread over the replicas' URLs in turn. Agents run with
 * the control plane's own auth (the replicas are reached from localhost: admin).
 */
final class DataplaneFleet implements AutoCloseable {

    /** One dataplane: its name, its service (so each has its own SPIFFE URI) and its agent. */
    static final class Member {
        final String name;
        final String service;
        final Path dir;
        final Replica replica;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        Thread agent;

        Member(String name, String service, Path dir, Replica replica) {
            this.name = name;
            this.service = service;
            this.dir = dir;
            this.replica = replica;
        }

        MtlsPairs.Side side(String mesh) {
            return new MtlsPairs.Side(name, dir, "spiffe://" + mesh + "/" + service);
        }

        boolean hasFiles() {
            return Files.exists(dir.resolve("..data"));
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String errors() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    final String mesh;
    final List<Member> members = new ArrayList<>();
    private final String checkInterval;

    DataplaneFleet(String mesh, int count, List<Replica> replicas, Path work, String checkInterval) throws IOException {
        this.mesh = mesh;
        this.checkInterval = checkInterval;
        List<Path> configs = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            Path config = work.resolve(mesh + "-config-" + r + ".yaml");
            Files.writeString(config, """
                    contexts:
                    - name: it
                      controlPlane: it
                    controlPlanes:
                    - name: it
                      coordinates:
                        apiServer:
                          url: http://127.0.0.1:%d
                    currentContext: it
                    """.formatted(replicas.get(r).httpPort()));
            configs.add(config);
        }
        for (int i = 0; i < count; i++) {
            String name = String.format("dp-%02d", i);
            Replica replica = replicas.get(i % replicas.size());
            var dp = Dataplanes.web(mesh, name).service("svc-" + i).noServicePort();
            var put = replica.send("PUT", dp.path(), dp.json(), null);
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
            members.add(new Member(name, "svc-" + i, work.resolve(mesh).resolve(name), replica));
        }
        for (int i = 0; i < count; i++) {
            start(members.get(i), configs.get(i % configs.size()));
        }
    }

    private void start(Member member, Path config) {
        String[] args = {
            "dp",
            "certificate",
            "--mesh",
            mesh,
            "--name",
            member.name,
            "--dir",
            member.dir.toString(),
            "--check-interval",
            checkInterval
        };
        member.agent = new Thread(
                () -> member.exitCode.set(Main.run(
                        args,
                        new PrintStream(member.out, true, StandardCharsets.UTF_8),
                        new PrintStream(member.err, true, StandardCharsets.UTF_8),
                        new Main.Context(InstantSource.system(), config))),
                "dp-agent-" + mesh + "-" + member.name);
        member.agent.start();
    }

    Member get(int i) {
        return members.get(i);
    }

    /** Stops one agent (as SIGTERM would) and waits for it: its files stay as they are. */
    void stop(Member member) {
        member.agent.interrupt();
        try {
            member.agent.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(member.agent.isAlive()).as(member.name + " stopped").isFalse();
    }

    @Override
    public void close() {
        for (var member : members) {
            member.agent.interrupt();
        }
        for (var member : members) {
            stop(member);
        }
    }
}
