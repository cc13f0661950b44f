/** Starts the embedded hawtio 3 console on the given war and port (its own main ignores arguments). */
public class Hawtio {
    public static void main(String[] args) throws Exception {
        io.hawt.embedded.Main main = new io.hawt.embedded.Main();
        main.setWar(args[0]);
        main.setPort(Integer.parseInt(args[1]));
        main.setHost("127.0.0.1");
        main.setOpenUrl(false);
        main.setJointServerThread(true);
        io.hawt.embedded.Main.doRun(main);
    }
}
