import { render } from "preact";
import { App } from "./app/App";
import { initTheme } from "./app/theme";
import "./styles/index.css";

initTheme();

const root = document.getElementById("app");
if (!root) throw new Error("Missing #app element in index.html");
render(<App />, root);
