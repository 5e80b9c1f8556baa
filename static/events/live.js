// Follows the event's phase over Socket.IO (/live namespace); the page reloads when the organiser moves it.
import { io } from "socket.io-client";

export function followPhase(auth, onMessage) {
  const socket = io("/live", { auth, transports: ["websocket", "polling"] });
  socket.on("phase", (message) => onMessage(message));
  return socket;
}
