import type { Child } from "hono/jsx";
import { Layout } from "./layout.tsx";
import type { DeskPage } from "./page.ts";

/** A refusal, an error or a short notice, as a page. */
export function MessagePage(props: { page: DeskPage; title: string; children?: Child }) {
  return (
    <Layout page={props.page} title={props.title}>
      {props.children}
    </Layout>
  );
}
