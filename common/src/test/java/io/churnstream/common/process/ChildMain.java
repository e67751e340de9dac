package io.churnstream.common.process;

/**
 * A child JVM for {@link JvmProcessTest} that follows its arguments in order: {@code say:TEXT} and {@code err:TEXT}
 * print a line to stdout or stderr, {@code hook:TEXT} prints TEXT from a shutdown hook, {@code sleep:MILLIS} waits,
 * {@code tick} prints a numbered line every 20 ms forever, {@code exit:CODE} exits.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String arg : args) {
            String value = arg.substring(arg.indexOf(':') + 1);
            switch (arg.substring(0, arg.indexOf(':') < 0 ? arg.length() : arg.indexOf(':'))) {
                case "say" -> System.out.println(value);
                case "err" -> System.err.println(value);
                case "hook" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(value)));
                case "sleep" -> Thread.sleep(Long.parseLong(value));
                case "tick" -> {
                    for (long i = 0; ; i++) {
                        System.out.println("tick " + i);
                        Thread.sleep(20);
                    }
                }
                case "exit" -> System.exit(Integer.parseInt(value));
                default -> throw new IllegalArgumentException(arg);
            }
        }
    }
}
