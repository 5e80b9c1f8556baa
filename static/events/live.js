// Follows the event over Socket.IO (/live namespace): its phase, deadline and pitch moves.
import { io } from "socket.io-client";

export function followPhase(auth, onMessage) {
  const socket = io("/live", { auth, transports: ["websocket", "polling"] });
  socket.on("phase", (message) => onMessage(message));
  return socket;
}
