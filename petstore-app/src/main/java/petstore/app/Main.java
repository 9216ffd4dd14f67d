package petstore.app;

public final class Main {
  public static void main(String[] args) {
    System.out.println("petstore: not wired yet");
  }
}
