package io.churnstream.common.process;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child JVM for {@link JvmProcessTest} that follows its arguments in order: {@code say:TEXT} and {@code err:TEXT}
 * print a line to stdout or stderr, {@code hook:TEXT} prints TEXT from a shutdown hook, {@code stall} adds a shutdown
 * hook that never ends (so only SIGKILL stops it), {@code sleep:MILLIS} waits, {@code tick} prints a numbered line every
 * 20 ms forever, {@code exit:CODE} exits. {@code child:FILE} hands the arguments after it to a child of its own, with
 * its output in FILE, then prints {@code child pid PID} and sleeps.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = arg.substring(arg.indexOf(':') + 1);
            switch (arg.substring(0, arg.indexOf(':') < 0 ? arg.length() : arg.indexOf(':'))) {
                case "say" -> System.out.println(value);
                case "err" -> System.err.println(value);
                case "hook" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(value)));
                case "stall" -> Runtime.getRuntime().addShutdownHook(new Thread(ChildMain::sleepForever));
                case "child" -> {
                    JvmProcess child = JvmProcess.mainClass(ChildMain.class.getName()).jvmOptions("-Xmx32m")
                            .args(Arrays.copyOfRange(args, i + 1, args.length)).output(Path.of(value)).start();
                    System.out.println("child pid " + child.pid());
                    sleepForever();
                }
                case "sleep" -> Thread.sleep(Long.parseLong(value));
                case "tick" -> {
                    for (long n = 0; ; n++) {
                        System.out.println("tick " + n);
                        Thread.sleep(20);
                    }
                }
                case "exit" -> System.exit(Integer.parseInt(value));
                default -> throw new IllegalArgumentException(arg);
            }
        }
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
