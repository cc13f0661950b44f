package org.orderhub;

import org.apache.camel.main.Main;

/** Starts the hub; everything else is wired in {@link HubConfiguration} and application.properties. */
public final class App {

    /** The operator's file in the working directory comes first, so it overrides anything shipped. */
    static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private App() {
    }

    public static void main(String[] args) throws Exception {
        // the operator's routes folder, watched by RouteFiles: created on a first start in an empty directory
        String routes = System.getProperty("orderhub.routes-dir",
                System.getenv().getOrDefault("ORDERHUB_ROUTES_DIR", "routes"));
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(routes));
        warnUnlessExitOnOutOfMemory();
        warnUnlessHeapSet();
        newMain().run(args);
    }

    /** After an OutOfMemoryError a JVM may live on with dead threads: better to exit and be restarted. */
    private static void warnUnlessExitOnOutOfMemory() {
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        if (vm != null && !"true".equals(vm.getVMOption("ExitOnOutOfMemoryError").getValue())
                && !"true".equals(vm.getVMOption("CrashOnOutOfMemoryError").getValue())) {
            org.slf4j.LoggerFactory.getLogger(App.class).warn("Started without -XX:+ExitOnOutOfMemoryError: after "
                    + "an OutOfMemoryError the hub could stay up without serving; run it as the README shows, under "
                    + "a supervisor that restarts it");
        }
    }

    /**
     * A jar cannot set its own JVM's heap (the flags are read before any of its code runs, and relaunching
     * itself would hide the real process from supervisors and signals): without -Xmx the JVM takes a quarter
     * of the machine's memory, and the hub's resident memory grows with it (765 MB RSS measured under load
     * on a 24 GiB machine, against ~450 MB with the README's -Xmx256m). Say so once at start.
     */
    private static void warnUnlessHeapSet() {
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        if (vm != null && vm.getVMOption("MaxHeapSize").getOrigin()
                != com.sun.management.VMOption.Origin.VM_CREATION) {
            org.slf4j.LoggerFactory.getLogger(App.class).warn("Started without -Xmx: the heap may grow to {} MB "
                    + "(a quarter of this machine's memory) and the process with it; run it as the README shows "
                    + "(-Xmx256m)", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    public static Main newMain() {
        // H2 hashes every string it reads to share equal values; on tracking lookups over a large
        // database that hashing was a quarter of the CPU (JFR), for no gain here
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
        // the hub's one configuration class named, not found by scanning the package (a scan of the fat jar)
        Main main = new Main();
        main.configure().addConfiguration(HubConfiguration.class);
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        // Camel masks settings whose last segment is a known secret word (token, password, ...) in its
        // start-up summary; these are ours: orderhub.api-keys, {partner}.webhook-secret, ...
        main.configure().setAdditionalSensitiveKeywords("apikeys,adminkeys,webhooksecret,signingsecret,apitoken");
        return main;
    }
}
