import type { AdminAuditReport } from "../../runtime/index.ts";
import { Layout } from "./layout.tsx";
import type { DeskPage } from "./page.ts";

/** GET /admin/audit: the verdict of a full recomputation of the audit hash chains. */
export function AuditPage(props: { page: DeskPage; report: AdminAuditReport }) {
  const { page, report } = props;
  const t = page.text;
  return (
    <Layout page={page} title={t("desk-audit-title")}>
      {report.ok ? (
        <p class="ok">{t("desk-audit-ok")}</p>
      ) : (
        <>
          <p class="bad" role="alert">
            {t("desk-audit-broken", { entry: String(report.brokenAtId), reason: report.reason })}
          </p>
          <p>{t("desk-audit-note")}</p>
        </>
      )}
      <p>{t("desk-audit-counts", { entries: report.entries, chains: report.chains })}</p>
    </Layout>
  );
}
