<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AddHouseholdDialog</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="92" />
        <source>Add a household found in the field</source>
        <translation>Add a household found in the field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="110" />
        <source>Not known yet</source>
        <translation>Not known yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="111" />
        <source>Rural</source>
        <translation>Rural</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="112" />
        <source>Urban</source>
        <translation>Urban</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="115" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="116" />
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="117" />
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="118" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="119" />
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="120" />
        <source>Hukou</source>
        <translation>Hukou</translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="151" />
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="277" />
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="278" />
        <source>Available when online</source>
        <translation>Available when online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="279" />
        <source>Not uploaded yet</source>
        <translation>Not uploaded yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="280" />
        <source>Cannot be shown</source>
        <translation>Cannot be shown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="294" />
        <source>Photos and the signature are available when online.</source>
        <translation>Photos and the signature are available when online.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="296" />
        <source>Fetching photos from the server…</source>
        <translation>Fetching photos from the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="298" />
        <source>Double-click a photo to see it full size.</source>
        <translation>Double-click a photo to see it full size.</translation>
    </message>
</context>
<context>
    <name>AuditWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="42" />
        <source>Household id</source>
        <translation>Household id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="43" />
        <source>Show history</source>
        <translation>Show history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="50" />
        <source>Seed (empty: the server picks and records one)</source>
        <translation>Seed (empty: the server picks and records one)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="51" />
        <source>Draw a spot-check sample</source>
        <translation>Draw a spot-check sample</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="55" />
        <source>Confirmed on the revisit</source>
        <translation>Confirmed on the revisit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="56" />
        <source>Discrepancy found</source>
        <translation>Discrepancy found</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="57" />
        <source>Household not reached</source>
        <translation>Household not reached</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="58" />
        <source>Record the outcome</source>
        <translation>Record the outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="68" />
        <source>Per cadre</source>
        <translation>Per cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="69" />
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="161" />
        <source>Spot check %1, seed %2, %3 % per cadre</source>
        <translation>Spot check %1, seed %2, %3 % per cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="180" />
        <source>The server could not answer (offline, or outside your scope).</source>
        <translation>The server could not answer (offline, or outside your scope).</translation>
    </message>
</context>
<context>
    <name>CalculatedFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="315" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="315" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="317" />
        <source>%1 yuan</source>
        <translation>%1 yuan</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="49" />
        <source>Take a photo</source>
        <translation>Take a photo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="55" />
        <source>Capture</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="57" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="66" />
        <source>No camera was found on this laptop.</source>
        <translation>No camera was found on this laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="94" />
        <source>The camera could not be started.</source>
        <translation>The camera could not be started.</translation>
    </message>
</context>
<context>
    <name>Campaign</name>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="43" />
        <source>start of year</source>
        <translation>start of year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="44" />
        <source>mid-year</source>
        <translation>mid-year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="45" />
        <source>end of year</source>
        <translation>end of year</translation>
    </message>
</context>
<context>
    <name>CasePanelWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="57" />
        <source>posting until %1, %2 day(s) left</source>
        <translation>posting until %1, %2 day(s) left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="63" />
        <source>re-check on %1</source>
        <translation>re-check on %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="65" />
        <source>Cases of this household</source>
        <translation>Cases of this household</translation>
    </message>
</context>
<context>
    <name>CaseQueueModel</name>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="31" />
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="32" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="33" />
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="34" />
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="35" />
        <source>Days in step</source>
        <translation>Days in step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="36" />
        <source>Posting days left</source>
        <translation>Posting days left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="37" />
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="38" />
        <source>Proposed monthly amount</source>
        <translation>Proposed monthly amount</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="65" />
        <source>Changed on this laptop; waiting for the server.</source>
        <translation>Changed on this laptop; waiting for the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="80" />
        <source>waiting to sync</source>
        <translation>waiting to sync</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="88" />
        <source>Refused by the server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="91" />
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>CaseQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="100" />
        <source>Any</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="102" />
        <source>At most %1</source>
        <translation>At most %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="103" />
        <source>All cases</source>
        <translation>All cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="104" />
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="107" />
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="108" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="109" />
        <source>Posting days left</source>
        <translation>Posting days left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="110" />
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="115" />
        <source>Application at the window…</source>
        <translation>Application at the window…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="132" />
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="163" />
        <source>Save posting as PDF…</source>
        <translation>Save posting as PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="164" />
        <source>Save posting as xlsx…</source>
        <translation>Save posting as xlsx…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="171" />
        <source>Posting</source>
        <translation>Posting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="188" />
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="189" />
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="244" />
        <source>All steps</source>
        <translation>All steps</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="248" />
        <source>All villages</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="259" />
        <source>%1 of %2 cases</source>
        <translation>%1 of %2 cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="23" />
        <source>since %1 (%2 days)</source>
        <translation>since %1 (%2 days)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="35" />
        <source>Posting %1 – %2</source>
        <translation>Posting %1 – %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="40" />
        <source>day %1, %2 day(s) left</source>
        <translation>day %1, %2 day(s) left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="44" />
        <source>the window has closed</source>
        <translation>the window has closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="61" />
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="64" />
        <source>upheld</source>
        <translation>upheld</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="66" />
        <source>dismissed</source>
        <translation>dismissed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="85" />
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="89" />
        <source>Changed on this laptop; waiting for the server.</source>
        <translation>Changed on this laptop; waiting for the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="95" />
        <source>Proposed monthly amount</source>
        <translation>Proposed monthly amount</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="99" />
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="103" />
        <source>Next re-check</source>
        <translation>Next re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="107" />
        <source>Objections</source>
        <translation>Objections</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="111" />
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="485" />
        <source>Saved here; it goes to the server with the next sync.</source>
        <translation>Saved here; it goes to the server with the next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="504" />
        <source>Save the posting list</source>
        <translation>Save the posting list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="505" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="505" />
        <source>Spreadsheet (*.xlsx)</source>
        <translation>Spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="526" />
        <source>Posting list saved: %1</source>
        <translation>Posting list saved: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="530" />
        <source>The posting list could not be written there.</source>
        <translation>The posting list could not be written there.</translation>
    </message>
</context>
<context>
    <name>CaseReportWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="70" />
        <source>Save as xlsx…</source>
        <translation>Save as xlsx…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="85" />
        <source>Cases by programme and step</source>
        <translation>Cases by programme and step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="86" />
        <source>Postings open today</source>
        <translation>Postings open today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="87" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="158" />
        <source>Re-checks and decisions</source>
        <translation>Re-checks and decisions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="104" />
        <source>From this laptop's data as of %1 (the last sync and the work done here since). Re-checks due by %2, the end of the round; decisions since %3.</source>
        <translation>From this laptop's data as of %1 (the last sync and the work done here since). Re-checks due by %2, the end of the round; decisions since %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="114" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="125" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="148" />
        <source>Township</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="114" />
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="115" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="121" />
        <source>Cases by step</source>
        <translation>Cases by step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="126" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="127" />
        <source>Posted from</source>
        <translation>Posted from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="128" />
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="129" />
        <source>Days left</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="130" />
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="144" />
        <source>Postings open</source>
        <translation>Postings open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="149" />
        <source>Re-checks due this round</source>
        <translation>Re-checks due this round</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="150" />
        <source>Decisions this month</source>
        <translation>Decisions this month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="151" />
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="152" />
        <source>Monthly total (yuan)</source>
        <translation>Monthly total (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="165" />
        <source>Save the reports</source>
        <translation>Save the reports</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="165" />
        <source>Spreadsheet (*.xlsx)</source>
        <translation>Spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="177" />
        <source>Reports saved: %1</source>
        <translation>Reports saved: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="181" />
        <source>The reports could not be written there.</source>
        <translation>The reports could not be written there.</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="14" />
        <source>Application taken, survey needed</source>
        <translation>Application taken, survey needed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="15" />
        <source>Survey approved</source>
        <translation>Survey approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="16" />
        <source>Economic check requested</source>
        <translation>Economic check requested</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="17" />
        <source>Economic check recorded</source>
        <translation>Economic check recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="18" />
        <source>Appraised by the village</source>
        <translation>Appraised by the village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="19" />
        <source>Reviewed by the township</source>
        <translation>Reviewed by the township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="20" />
        <location filename="../../desktop/ui/cases/words.py" line="74" />
        <source>Public posting</source>
        <translation>Public posting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="21" />
        <location filename="../../desktop/ui/cases/words.py" line="78" />
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="22" />
        <location filename="../../desktop/ui/cases/words.py" line="79" />
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="23" />
        <location filename="../../desktop/ui/cases/words.py" line="80" />
        <source>Exited</source>
        <translation>Exited</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="24" />
        <source>Re-check</source>
        <translation>Re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="41" />
        <source>Survey needed</source>
        <translation>Survey needed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="42" />
        <source>Request the economic check</source>
        <translation>Request the economic check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="43" />
        <source>Record the check result</source>
        <translation>Record the check result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="44" />
        <source>Village appraisal due</source>
        <translation>Village appraisal due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="45" />
        <source>Township review due</source>
        <translation>Township review due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="46" />
        <source>Posting due</source>
        <translation>Posting due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="47" />
        <source>Posting window open</source>
        <translation>Posting window open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="48" />
        <source>Objections to settle</source>
        <translation>Objections to settle</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="49" />
        <source>Decision due</source>
        <translation>Decision due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="50" />
        <source>Re-check due</source>
        <translation>Re-check due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="57" />
        <source>Request check</source>
        <translation>Request check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="58" />
        <source>Record check result…</source>
        <translation>Record check result…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="59" />
        <source>Record appraisal meeting…</source>
        <translation>Record appraisal meeting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="60" />
        <source>Township review…</source>
        <translation>Township review…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="61" />
        <source>Create posting…</source>
        <translation>Create posting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="62" />
        <source>Record objection…</source>
        <translation>Record objection…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="63" />
        <source>Settle objection…</source>
        <translation>Settle objection…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="64" />
        <source>Decide…</source>
        <translation>Decide…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="65" />
        <source>Start re-check</source>
        <translation>Start re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="66" />
        <source>Change of circumstances…</source>
        <translation>Change of circumstances…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="72" />
        <source>Case opened</source>
        <translation>Case opened</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="73" />
        <source>Village appraisal</source>
        <translation>Village appraisal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="75" />
        <source>Objection received</source>
        <translation>Objection received</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="76" />
        <source>Objection upheld</source>
        <translation>Objection upheld</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="77" />
        <source>Objection dismissed</source>
        <translation>Objection dismissed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="81" />
        <source>Queued on this laptop</source>
        <translation>Queued on this laptop</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="82" />
        <source>Accepted by the server</source>
        <translation>Accepted by the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="83" />
        <source>Refused by the server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="89" />
        <source>opening the case</source>
        <translation>opening the case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="90" />
        <source>requesting the check</source>
        <translation>requesting the check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="91" />
        <source>recording the check</source>
        <translation>recording the check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="92" />
        <source>the appraisal meeting</source>
        <translation>the appraisal meeting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="93" />
        <source>the township review</source>
        <translation>the township review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="94" />
        <source>the posting</source>
        <translation>the posting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="95" />
        <source>the objection</source>
        <translation>the objection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="96" />
        <source>settling the objection</source>
        <translation>settling the objection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="97" />
        <source>the decision</source>
        <translation>the decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="98" />
        <source>starting the re-check</source>
        <translation>starting the re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="99" />
        <source>the change of circumstances</source>
        <translation>the change of circumstances</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="116" />
        <source>The case is at “{step}”; this needs it at “{expected}”.</source>
        <translation>The case is at “{step}”; this needs it at “{expected}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="119" />
        <source>Your role may not do this at this level.</source>
        <translation>Your role may not do this at this level.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="122" />
        <source>This case is outside your area.</source>
        <translation>This case is outside your area.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="123" />
        <source>The server does not know this case.</source>
        <translation>The server does not know this case.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="124" />
        <source>The server does not know this household.</source>
        <translation>The server does not know this household.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="127" />
        <source>The server does not know this survey.</source>
        <translation>The server does not know this survey.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="130" />
        <source>The county does not run this programme as cases.</source>
        <translation>The county does not run this programme as cases.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="133" />
        <source>The server does not know this objection.</source>
        <translation>The server does not know this objection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="136" />
        <source>The household's survey is not approved yet.</source>
        <translation>The household's survey is not approved yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="139" />
        <source>The survey has no signed consent to the economic check.</source>
        <translation>The survey has no signed consent to the economic check.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="142" />
        <source>The meeting minutes photo had not reached the server.</source>
        <translation>The meeting minutes photo had not reached the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="145" />
        <source>The county's rules skip this step for this programme.</source>
        <translation>The county's rules skip this step for this programme.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="148" />
        <location filename="../../desktop/ui/cases/words.py" line="225" />
        <source>The household already has an open case in this programme.</source>
        <translation>The household already has an open case in this programme.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="151" />
        <source>The case is not in this village.</source>
        <translation>The case is not in this village.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="152" />
        <source>No decision yet: today is day {day} of the {window_days}-day posting, which ends on {ends_on} ({days_left} day(s) left).</source>
        <translation>No decision yet: today is day {day} of the {window_days}-day posting, which ends on {ends_on} ({days_left} day(s) left).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="157" />
        <source>Objections are recorded only during the posting, {starts_on} to {ends_on}.</source>
        <translation>Objections are recorded only during the posting, {starts_on} to {ends_on}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="160" />
        <source>{count} objection(s) still to settle before a decision.</source>
        <translation>{count} objection(s) still to settle before a decision.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="163" />
        <location filename="../../desktop/ui/cases/words.py" line="214" />
        <source>This objection was already settled.</source>
        <translation>This objection was already settled.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="166" />
        <location filename="../../desktop/ui/cases/words.py" line="196" />
        <source>A written reason is needed.</source>
        <translation>A written reason is needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="167" />
        <source>An approval needs a category, a monthly amount and a start month.</source>
        <translation>An approval needs a category, a monthly amount and a start month.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="172" />
        <source>The server refused this (code {code}).</source>
        <translation>The server refused this (code {code}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="178" />
        <source>Refused: {op}.</source>
        <translation>Refused: {op}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="187" />
        <source>Only supervisors work cases.</source>
        <translation>Only supervisors work cases.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="188" />
        <source>This case is not on this laptop.</source>
        <translation>This case is not on this laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="189" />
        <source>Type the monthly amount in yuan, for example 320 or 320.50.</source>
        <translation>Type the monthly amount in yuan, for example 320 or 320.50.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="192" />
        <source>Type the start month as YYYY-MM, for example 2027-01.</source>
        <translation>Type the start month as YYYY-MM, for example 2027-01.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="195" />
        <source>Choose a category.</source>
        <translation>Choose a category.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="197" />
        <source>Write what the objection says.</source>
        <translation>Write what the objection says.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="198" />
        <source>Name at least one member present.</source>
        <translation>Name at least one member present.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="201" />
        <source>Choose at least one case.</source>
        <translation>Choose at least one case.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="202" />
        <source>Attach a photo of the minutes (JPEG or PNG).</source>
        <translation>Attach a photo of the minutes (JPEG or PNG).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="205" />
        <source>The minutes photo is too large.</source>
        <translation>The minutes photo is too large.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="206" />
        <source>The minutes photo carries location data; take it again in the app.</source>
        <translation>The minutes photo carries location data; take it again in the app.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="209" />
        <source>The date cannot be in the future.</source>
        <translation>The date cannot be in the future.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="210" />
        <source>A posting cannot start in the past.</source>
        <translation>A posting cannot start in the past.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="211" />
        <source>All cases must be in the chosen village.</source>
        <translation>All cases must be in the chosen village.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="217" />
        <source>Choose an outcome.</source>
        <translation>Choose an outcome.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="218" />
        <source>Votes cannot be negative.</source>
        <translation>Votes cannot be negative.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="219" />
        <source>Choose a programme the county runs as cases.</source>
        <translation>Choose a programme the county runs as cases.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="222" />
        <source>Choose a household from the list.</source>
        <translation>Choose a household from the list.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="228" />
        <source>Something went wrong; nothing was saved.</source>
        <translation>Something went wrong; nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="234" />
        <source>Dibao</source>
        <translation>Dibao</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="235" />
        <source>Destitute support</source>
        <translation>Destitute support</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="236" />
        <source>Temporary assistance</source>
        <translation>Temporary assistance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="237" />
        <source>Medical assistance</source>
        <translation>Medical assistance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="238" />
        <source>Disability living subsidy</source>
        <translation>Disability living subsidy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="239" />
        <source>Disability nursing subsidy</source>
        <translation>Disability nursing subsidy</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="405" />
        <source>Change of circumstances: %1</source>
        <translation>Change of circumstances: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="408" />
        <source>Adjust the amount</source>
        <translation>Adjust the amount</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="409" />
        <source>Exit the programme</source>
        <translation>Exit the programme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="411" />
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="412" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="413" />
        <source>The case goes through the check, appraisal and posting again.</source>
        <translation>The case goes through the check, appraisal and posting again.</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="301" />
        <source>Check result: %1</source>
        <translation>Check result: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="303" />
        <source>Eligible</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="304" />
        <source>Not eligible</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="305" />
        <source>Unclear</source>
        <translation>Unclear</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="307" />
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="308" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>DateFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="156" />
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="160" />
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="324" />
        <source>Decision: %1</source>
        <translation>Decision: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="326" />
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="327" />
        <source>Refuse</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="329" />
        <source>Confirm the exit</source>
        <translation>Confirm the exit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="337" />
        <source>Told to the household</source>
        <translation>Told to the household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="338" />
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="339" />
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="340" />
        <source>Monthly amount (yuan)</source>
        <translation>Monthly amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="341" />
        <source>Start month</source>
        <translation>Start month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="342" />
        <source>Reason for a refusal</source>
        <translation>Reason for a refusal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="346" />
        <source>The posting still runs: day %1, %2 day(s) left. The server refuses a decision before the window has closed.</source>
        <translation>The posting still runs: day %1, %2 day(s) left. The server refuses a decision before the window has closed.</translation>
    </message>
</context>
<context>
    <name>ExportsWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="41" />
        <source>Ledger (台账, contains ID numbers)</source>
        <translation>Ledger (台账, contains ID numbers)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="42" />
        <source>Public-posting list (公示)</source>
        <translation>Public-posting list (公示)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="43" />
        <source>Referral lists per department</source>
        <translation>Referral lists per department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="44" />
        <source>Discrepancy report</source>
        <translation>Discrepancy report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="47" />
        <location filename="../../desktop/ui/progress/exports_widget.py" line="89" />
        <source>Whole scope</source>
        <translation>Whole scope</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="48" />
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="50" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="113" />
        <source>Save the export</source>
        <translation>Save the export</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="113" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="137" />
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="158" />
        <source>Saved %1 (%2 KB).</source>
        <translation>Saved %1 (%2 KB).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="167" />
        <source>Export cancelled; nothing was saved.</source>
        <translation>Export cancelled; nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="169" />
        <source>Your role or scope does not allow this export.</source>
        <translation>Your role or scope does not allow this export.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="172" />
        <source>The export failed (the server may be out of reach); nothing was saved.</source>
        <translation>The export failed (the server may be out of reach); nothing was saved.</translation>
    </message>
</context>
<context>
    <name>FirstRunWidget</name>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="41" />
        <source>Set up Doorstep on this laptop</source>
        <translation>Set up Doorstep on this laptop</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="44" />
        <source>County: %1</source>
        <translation>County: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="48" />
        <source>Everything you record is kept encrypted on this laptop. Nobody can read it without a key: your passphrase, or the county's recovery key held by county IT. If you forget your passphrase, county IT can give you a new one; nobody else can open your data, not even someone who takes the laptop.</source>
        <translation>Everything you record is kept encrypted on this laptop. Nobody can read it without a key: your passphrase, or the county's recovery key held by county IT. If you forget your passphrase, county IT can give you a new one; nobody else can open your data, not even someone who takes the laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="59" />
        <source>as on your staff list</source>
        <translation>as on your staff list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="61" />
        <source>Create and open</source>
        <translation>Create and open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="74" />
        <source>Your name or staff number</source>
        <translation>Your name or staff number</translation>
    </message>
</context>
<context>
    <name>HouseholdErrors</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="34" />
        <location filename="../../desktop/ui/households/dialogs.py" line="69" />
        <source>It could not be saved. Try again.</source>
        <translation>It could not be saved. Try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="36" />
        <source>Enter the name of the head of household.</source>
        <translation>Enter the name of the head of household.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="39" />
        <source>Choose the village.</source>
        <translation>Choose the village.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="40" />
        <source>This village is not in your list.</source>
        <translation>This village is not in your list.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="43" />
        <source>This ID number is not valid: check the 18 digits and the last one.</source>
        <translation>This ID number is not valid: check the 18 digits and the last one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="46" />
        <source>Character {position} of the ID number, “{char}”, is not a digit.</source>
        <translation>Character {position} of the ID number, “{char}”, is not a digit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="49" />
        <source>The last character of the ID number, “{char}”, must be a digit or X.</source>
        <translation>The last character of the ID number, “{char}”, must be a digit or X.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="53" />
        <source>An ID number has 18 characters; this one has {count}.</source>
        <translation>An ID number has 18 characters; this one has {count}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="56" />
        <source>Enter an 11-digit mobile number or a landline like 0715-1234567.</source>
        <translation>Enter an 11-digit mobile number or a landline like 0715-1234567.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="59" />
        <source>Choose the day to come back.</source>
        <translation>Choose the day to come back.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="62" />
        <source>The revisit day cannot be in the past.</source>
        <translation>The revisit day cannot be in the past.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="65" />
        <source>Choose what happened at the door.</source>
        <translation>Choose what happened at the door.</translation>
    </message>
</context>
<context>
    <name>HouseholdFlag</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="32" />
        <source>Urban dibao</source>
        <translation>Urban dibao</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="33" />
        <source>Rural dibao</source>
        <translation>Rural dibao</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="34" />
        <source>Destitute, supported centrally</source>
        <translation>Destitute, supported centrally</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="37" />
        <source>Destitute, supported at home</source>
        <translation>Destitute, supported at home</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="38" />
        <source>Orphan</source>
        <translation>Orphan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="39" />
        <source>De-facto unsupported child</source>
        <translation>De-facto unsupported child</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="42" />
        <source>Veteran or family</source>
        <translation>Veteran or family</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="43" />
        <source>Left-behind care</source>
        <translation>Left-behind care</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="44" />
        <source>Registered poor household</source>
        <translation>Registered poor household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="45" />
        <source>Disability living subsidy</source>
        <translation>Disability living subsidy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="48" />
        <source>Disability nursing subsidy</source>
        <translation>Disability nursing subsidy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="51" />
        <source>Disaster relief</source>
        <translation>Disaster relief</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="52" />
        <source>Temporary assistance</source>
        <translation>Temporary assistance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="53" />
        <source>Medical assistance</source>
        <translation>Medical assistance</translation>
    </message>
</context>
<context>
    <name>HouseholdState</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="13" />
        <source>Not visited</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="14" />
        <source>Revisit due</source>
        <translation>Revisit due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="15" />
        <source>Revisit planned</source>
        <translation>Revisit planned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="16" />
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="17" />
        <source>Moved out</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="18" />
        <source>No longer exists</source>
        <translation>No longer exists</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="19" />
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="20" />
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="21" />
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="22" />
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="23" />
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="24" />
        <source>Withdrawn by the county</source>
        <translation>Withdrawn by the county</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="182" />
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="183" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="184" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="185" />
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="186" />
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="187" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="188" />
        <source>Case</source>
        <translation>Case</translation>
    </message>
</context>
<context>
    <name>HouseholdsWidget</name>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="158" />
        <source>Search: name, ID digits, address or phone</source>
        <translation>Search: name, ID digits, address or phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="164" />
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="164" />
        <source>Still to do</source>
        <translation>Still to do</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="169" />
        <source>All households</source>
        <translation>All households</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="170" />
        <source>Receiving any support</source>
        <translation>Receiving any support</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="171" />
        <source>Receiving no support</source>
        <translation>Receiving no support</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="161" />
        <source>Open survey</source>
        <translation>Open survey</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="162" />
        <source>Record visit…</source>
        <translation>Record visit…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="163" />
        <source>Add household…</source>
        <translation>Add household…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="159" />
        <source>Campaign</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="160" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="184" />
        <location filename="../../desktop/ui/households/households_widget.py" line="221" />
        <source>Any campaign</source>
        <translation>Any campaign</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="186" />
        <location filename="../../desktop/ui/households/households_widget.py" line="225" />
        <source>All villages</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="281" />
        <source>%1 of %2 households</source>
        <translation>%1 of %2 households</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="376" />
        <source>Application at the window</source>
        <translation>Application at the window</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="386" />
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="388" />
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="389" />
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="390" />
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="391" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="392" />
        <source>The case waits for an approved survey of the household.</source>
        <translation>The case waits for an approved survey of the household.</translation>
    </message>
</context>
<context>
    <name>LineFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="108" />
        <source>Today</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="151" />
        <source>Doorstep · household survey</source>
        <translation>Doorstep · household survey</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="152" />
        <source>Main</source>
        <translation>Main</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="153" />
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="154" />
        <source>Lock now (Ctrl+L): the passphrase is needed again</source>
        <translation>Lock now (Ctrl+L): the passphrase is needed again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="155" />
        <source>Sync log…</source>
        <translation>Sync log…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="156" />
        <source>USB transfer…</source>
        <translation>USB transfer…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="157" />
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="158" />
        <source>Change passphrase…</source>
        <translation>Change passphrase…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="159" />
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="196" />
        <source>This laptop has no Doorstep profile yet, and no county profile was given. Start Doorstep with --profile county.json (from county IT), or run `doorstep demo` to try it.</source>
        <translation>This laptop has no Doorstep profile yet, and no county profile was given. Start Doorstep with --profile county.json (from county IT), or run `doorstep demo` to try it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="235" />
        <source>Unlocked</source>
        <translation>Unlocked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="281" />
        <source>Locked</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="290" />
        <source>Locked when the laptop went to sleep</source>
        <translation>Locked when the laptop went to sleep</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="318" />
        <source>This survey was started on form version %1, which this laptop does not have. Sync to receive it from the county, or update the app.</source>
        <translation>This survey was started on form version %1, which this laptop does not have. Sync to receive it from the county, or update the app.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="322" />
        <source>The survey could not be opened.</source>
        <translation>The survey could not be opened.</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="94" />
        <source>Village appraisal meeting</source>
        <translation>Village appraisal meeting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="100" />
        <source>One name a line</source>
        <translation>One name a line</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="102" />
        <source>Choose the minutes photo…</source>
        <translation>Choose the minutes photo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="103" />
        <source>No photo yet</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="105" />
        <source>Held on</source>
        <translation>Held on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="106" />
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="107" />
        <source>Members present</source>
        <translation>Members present</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="112" />
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="113" />
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="114" />
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="115" />
        <source>Against</source>
        <translation>Against</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="116" />
        <source>Abstain</source>
        <translation>Abstain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="126" />
        <source>Agree</source>
        <translation>Agree</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="127" />
        <source>Disagree</source>
        <translation>Disagree</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="128" />
        <source>Defer</source>
        <translation>Defer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="144" />
        <source>Photo ready (%1 KB)</source>
        <translation>Photo ready (%1 KB)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="149" />
        <source>Minutes photo</source>
        <translation>Minutes photo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="149" />
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>Images (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="153" />
        <source>Preparing the photo…</source>
        <translation>Preparing the photo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="158" />
        <source>That file is not a photo Qt can read.</source>
        <translation>That file is not a photo Qt can read.</translation>
    </message>
</context>
<context>
    <name>ObjectionDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="197" />
        <source>Objection: %1</source>
        <translation>Objection: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="200" />
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="202" />
        <source>Received on</source>
        <translation>Received on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="203" />
        <source>Raised by</source>
        <translation>Raised by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="204" />
        <source>What it says</source>
        <translation>What it says</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="41" />
        <source>Change passphrase</source>
        <translation>Change passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="59" />
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="61" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="64" />
        <source>Your data stays as it is; only the passphrase that opens it changes. County IT can still recover it with the county's recovery key.</source>
        <translation>Your data stays as it is; only the passphrase that opens it changes. County IT can still recover it with the county's recovery key.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="71" />
        <source>Current passphrase</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="86" />
        <source>Type your current passphrase first.</source>
        <translation>Type your current passphrase first.</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="33" />
        <source>New passphrase</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="36" />
        <source>Type it again</source>
        <translation>Type it again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="52" />
        <source>Too short: at least 8 characters</source>
        <translation>Too short: at least 8 characters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="54" />
        <source>Too weak</source>
        <translation>Too weak</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="55" />
        <source>Weak</source>
        <translation>Weak</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="56" />
        <source>Fair</source>
        <translation>Fair</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="57" />
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="58" />
        <source>Strong</source>
        <translation>Strong</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="62" />
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
</context>
<context>
    <name>PhotosFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="97" />
        <source>Add photos from files…</source>
        <translation>Add photos from files…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="99" />
        <source>Take a photo…</source>
        <translation>Take a photo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="102" />
        <source>Rotate left</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="104" />
        <source>Rotate right</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="106" />
        <source>Remove photo</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="112" />
        <source>Preparing photos…</source>
        <translation>Preparing photos…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="127" />
        <source>Kind of the selected photo:</source>
        <translation>Kind of the selected photo:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="187" />
        <source>Add photos</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="189" />
        <source>Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="244" />
        <source>This file could not be read as a photo (JPEG or PNG).</source>
        <translation>This file could not be read as a photo (JPEG or PNG).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="246" />
        <source>The photo could not be stored: %1</source>
        <translation>The photo could not be stored: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="334" />
        <location filename="../../desktop/ui/survey/photos_editor.py" line="336" />
        <source>Kind not chosen</source>
        <translation>Kind not chosen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="431" />
        <source>Choose a photo…</source>
        <translation>Choose a photo…</translation>
    </message>
</context>
<context>
    <name>PostingDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="243" />
        <source>Public posting: %1</source>
        <translation>Public posting: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="253" />
        <source>Starts on</source>
        <translation>Starts on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="254" />
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="257" />
        <source>The posting runs for the county's number of calendar days from the start date.</source>
        <translation>The posting runs for the county's number of calendar days from the start date.</translation>
    </message>
</context>
<context>
    <name>PostingList</name>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="24" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="25" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="26" />
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="27" />
        <source>Proposed monthly amount (yuan)</source>
        <translation>Proposed monthly amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="33" />
        <source>Public posting: %1</source>
        <translation>Public posting: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="37" />
        <source>Posted from %1 to %2 (%3 calendar days). Objections to the township civil-affairs office during the posting.</source>
        <translation>Posted from %1 to %2 (%3 calendar days). Objections to the township civil-affairs office during the posting.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="71" />
        <source>Public posting</source>
        <translation>Public posting</translation>
    </message>
</context>
<context>
    <name>ProfileErrors</name>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="15" />
        <source>That passphrase is not right. Check the keyboard language and Caps Lock.</source>
        <translation>That passphrase is not right. Check the keyboard language and Caps Lock.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="20" />
        <source>Too many wrong passphrases: this profile is now closed to passphrases. County IT can open it with the county recovery key and set a new passphrase.</source>
        <translation>Too many wrong passphrases: this profile is now closed to passphrases. County IT can open it with the county recovery key and set a new passphrase.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="27" />
        <source>Too many wrong passphrases. Wait %1 seconds and try again.</source>
        <translation>Too many wrong passphrases. Wait %1 seconds and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="32" />
        <source>The two passphrases are not the same.</source>
        <translation>The two passphrases are not the same.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="33" />
        <source>A passphrase needs at least 8 characters.</source>
        <translation>A passphrase needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="34" />
        <source>This passphrase is too easy to guess. Make it longer or mix letters, digits and signs, or use a short Chinese phrase.</source>
        <translation>This passphrase is too easy to guess. Make it longer or mix letters, digits and signs, or use a short Chinese phrase.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="36" />
        <source>This passphrase cannot be used.</source>
        <translation>This passphrase cannot be used.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="38" />
        <source>This profile was written by a newer version of Doorstep. Install that version (ask county IT); nothing in the profile was changed.</source>
        <translation>This profile was written by a newer version of Doorstep. Install that version (ask county IT); nothing in the profile was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="44" />
        <source>This profile cannot be opened. Ask county IT for help.</source>
        <translation>This profile cannot be opened. Ask county IT for help.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="47" />
        <source>Something went wrong. Try again; if it happens again, ask county IT.</source>
        <translation>Something went wrong. Try again; if it happens again, ask county IT.</translation>
    </message>
</context>
<context>
    <name>ProgressTableModel</name>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="33" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="34" />
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="35" />
        <source>Visited</source>
        <translation>Visited</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="36" />
        <source>Revisits pending</source>
        <translation>Revisits pending</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="37" />
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="38" />
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="39" />
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="40" />
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="81" />
        <source>Not fetched from the server yet</source>
        <translation>Not fetched from the server yet</translation>
    </message>
</context>
<context>
    <name>ProgressWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="45" />
        <source>By township</source>
        <translation>By township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="46" />
        <source>By village</source>
        <translation>By village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="47" />
        <source>By cadre</source>
        <translation>By cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="50" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="74" />
        <source>Progress has not been fetched yet. Connect to the county server and press Refresh, or sync: the figures are then kept for when you are offline.</source>
        <translation>Progress has not been fetched yet. Connect to the county server and press Refresh, or sync: the figures are then kept for when you are offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="103" />
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="126" />
        <source>No campaign on this laptop yet</source>
        <translation>No campaign on this laptop yet</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/progress/progress_widget.py" line="129" />
        <source>%n day(s) left in the three-week window</source>
        <translation><numerusform>%n day(s) left in the three-week window</numerusform><numerusform>%n day(s) left in the three-week window</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="133" />
        <source>From the server, %1</source>
        <translation>From the server, %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="134" />
        <source>Offline: figures from %1</source>
        <translation>Offline: figures from %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="136" />
        <source>Offline: counted from the surveys of the last sync, %1; assignments and visits not fetched yet</source>
        <translation>Offline: counted from the surveys of the last sync, %1; assignments and visits not fetched yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="139" />
        <source>Not fetched yet</source>
        <translation>Not fetched yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="141" />
        <source>never</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="29" />
        <source>Return to the cadre</source>
        <translation>Return to the cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="33" />
        <source>Return the survey of %1 with a comment.</source>
        <translation>Return the survey of %1 with a comment.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="36" />
        <source>What should the cadre check or correct?</source>
        <translation>What should the cadre check or correct?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="42" />
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="45" />
        <source>Comment at this question</source>
        <translation>Comment at this question</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="46" />
        <source>Pin</source>
        <translation>Pin</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="50" />
        <source>Pinned comment</source>
        <translation>Pinned comment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="58" />
        <source>Return</source>
        <translation>Return</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="282" />
        <source>Township review: %1</source>
        <translation>Township review: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="284" />
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="285" />
        <source>Return for re-check</source>
        <translation>Return for re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="291" />
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="292" />
        <source>Proposed category</source>
        <translation>Proposed category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="293" />
        <source>Proposed monthly amount (yuan)</source>
        <translation>Proposed monthly amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="294" />
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="30" />
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="31" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="32" />
        <source>Cadre</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="33" />
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="34" />
        <source>Screening</source>
        <translation>Screening</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="35" />
        <source>Recommendation</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="36" />
        <source>Days in queue</source>
        <translation>Days in queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="37" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="77" />
        <source>The server also holds a conflicting version of this survey: compare both before deciding.</source>
        <translation>The server also holds a conflicting version of this survey: compare both before deciding.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="97" />
        <source>clean</source>
        <translation>clean</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="105" />
        <source>conflicting version</source>
        <translation>conflicting version</translation>
    </message>
</context>
<context>
    <name>ReviewQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="75" />
        <source>All screening</source>
        <translation>All screening</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="76" />
        <source>Flagged</source>
        <translation>Flagged</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="77" />
        <source>Clean</source>
        <translation>Clean</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="80" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="81" />
        <source>Cadre</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="82" />
        <location filename="../../desktop/ui/review/queue_widget.py" line="353" />
        <source>Screening</source>
        <translation>Screening</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="83" />
        <location filename="../../desktop/ui/review/queue_widget.py" line="352" />
        <source>Recommendation</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="114" />
        <source>Approve (Ctrl+Enter)</source>
        <translation>Approve (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="115" />
        <source>Return… (Ctrl+R)</source>
        <translation>Return… (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="117" />
        <source>Approve selected clean surveys (Ctrl+Shift+A)</source>
        <translation>Approve selected clean surveys (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="119" />
        <source>Previous (K)</source>
        <translation>Previous (K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="120" />
        <source>Next (J)</source>
        <translation>Next (J)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="121" />
        <source>History on the server…</source>
        <translation>History on the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="193" />
        <source>County level: surveys the townships approved</source>
        <translation>County level: surveys the townships approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="195" />
        <source>Township level: surveys the cadres submitted</source>
        <translation>Township level: surveys the cadres submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="197" />
        <source>(not yet confirmed by the server)</source>
        <translation>(not yet confirmed by the server)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="207" />
        <source>All villages</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="209" />
        <source>All cadres</source>
        <translation>All cadres</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="213" />
        <source>All recommendations</source>
        <translation>All recommendations</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="235" />
        <source>%1 of %2 waiting</source>
        <translation>%1 of %2 waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="291" />
        <source>Mark the flag explained</source>
        <translation>Mark the flag explained</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="292" />
        <source>Why the department's record does not change the survey:</source>
        <translation>Why the department's record does not change the survey:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="308" />
        <source>The explanation was recorded.</source>
        <translation>The explanation was recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="314" />
        <source>The explanation could not be sent: the server is not reachable. Try again.</source>
        <translation>The explanation could not be sent: the server is not reachable. Try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="351" />
        <source>Collected by</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="360" />
        <source>Withdrawn by the county as recorded in error: %1</source>
        <translation>Withdrawn by the county as recorded in error: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="363" />
        <source>Nothing to decide: it has left the queue.</source>
        <translation>Nothing to decide: it has left the queue.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="371" />
        <source>No screening flag.</source>
        <translation>No screening flag.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="373" />
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="379" />
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/review/queue_widget.py" line="382" />
        <source>%n photo(s) and documents</source>
        <translation><numerusform>%n photo(s) and documents</numerusform><numerusform>%n photo(s) and documents</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="388" />
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="398" />
        <source>Economic-status check</source>
        <translation>Economic-status check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="399" />
        <source>Fetching the check from the server…</source>
        <translation>Fetching the check from the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="400" />
        <source>The check is available when online.</source>
        <translation>The check is available when online.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="401" />
        <source>The household has not signed the consent: not checked.</source>
        <translation>The household has not signed the consent: not checked.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="402" />
        <source>No department record matches a member.</source>
        <translation>No department record matches a member.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="403" />
        <source>explained</source>
        <translation>explained</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="404" />
        <source>Mark explained…</source>
        <translation>Mark explained…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Survey said</source>
        <translation>Survey said</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="435" />
        <source>Conflicting version on the server</source>
        <translation>Conflicting version on the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="439" />
        <source>Fetching both versions from the server…</source>
        <translation>Fetching both versions from the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="441" />
        <source>Both versions can be compared when online.</source>
        <translation>Both versions can be compared when online.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="443" />
        <source>The conflict has been settled on the server.</source>
        <translation>The conflict has been settled on the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="449" />
        <source>Revision %1 is under review; revision %2 (received %3) was based on revision %4 and was not taken.</source>
        <translation>Revision %1 is under review; revision %2 (received %3) was based on revision %4 and was not taken.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="458" />
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="459" />
        <source>Under review</source>
        <translation>Under review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="460" />
        <source>Conflicting version</source>
        <translation>Conflicting version</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/review/queue_widget.py" line="542" />
        <source>%n decision(s) queued for the next sync</source>
        <translation><numerusform>%n decision(s) queued for the next sync</numerusform><numerusform>%n decision(s) queued for the next sync</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="548" />
        <source>A return needs a comment for the cadre.</source>
        <translation>A return needs a comment for the cadre.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="549" />
        <source>This survey is no longer waiting for you.</source>
        <translation>This survey is no longer waiting for you.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="550" />
        <source>This survey is not on this laptop.</source>
        <translation>This survey is not on this laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="551" />
        <source>Something went wrong; the decision was not saved.</source>
        <translation>Something went wrong; the decision was not saved.</translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="43" />
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="44" />
        <source>Returned by the county</source>
        <translation>Returned by the county</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="45" />
        <source>Approved by the township</source>
        <translation>Approved by the township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="46" />
        <source>Returned to the cadre</source>
        <translation>Returned to the cadre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="47" />
        <source>Approved by the county</source>
        <translation>Approved by the county</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="48" />
        <source>Withdrawn by the county</source>
        <translation>Withdrawn by the county</translation>
    </message>
</context>
<context>
    <name>ScreeningPanelWidget</name>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="44" />
        <source>Key figures</source>
        <translation>Key figures</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="52" />
        <source>Screening (for reference, not a decision)</source>
        <translation>Screening (for reference, not a decision)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="54" />
        <source>No screening flag so far.</source>
        <translation>No screening flag so far.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="59" />
        <source>Still to fix</source>
        <translation>Still to fix</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="38" />
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="44" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="53" />
        <source>Send photos only on the township office network</source>
        <translation>Send photos only on the township office network</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="58" />
        <source>Answers are always sent. Photos are large: with this on they wait until the laptop is on the office network, so a village link is not tied up.</source>
        <translation>Answers are always sent. Photos are large: with this on they wait until the laptop is on the office network, so a village link is not tied up.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="65" />
        <source>e.g. 10.42.0.0/16, 192.168.8.0/24</source>
        <translation>e.g. 10.42.0.0/16, 192.168.8.0/24</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="67" />
        <source>Address ranges of the office network; county IT gives them.</source>
        <translation>Address ranges of the office network; county IT gives them.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="79" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="80" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="82" />
        <source>Lock after this much idle time</source>
        <translation>Lock after this much idle time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="83" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="85" />
        <source>Office network (from county IT)</source>
        <translation>Office network (from county IT)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="105" />
        <source>“%1” is not an address range. Write ranges like 10.42.0.0/16, separated by commas.</source>
        <translation>“%1” is not an address range. Write ranges like 10.42.0.0/16, separated by commas.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="108" />
        <source>Enter the office network's address ranges (county IT has them).</source>
        <translation>Enter the office network's address ranges (county IT has them).</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="216" />
        <source>Settle an objection: %1</source>
        <translation>Settle an objection: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="222" />
        <source>Upheld: back to re-check</source>
        <translation>Upheld: back to re-check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="223" />
        <source>Dismissed</source>
        <translation>Dismissed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="225" />
        <source>Objection</source>
        <translation>Objection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="226" />
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="227" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>SignatureFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="339" />
        <source>Accept signature</source>
        <translation>Accept signature</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="341" />
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="368" />
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="368" />
        <source>Not signed yet</source>
        <translation>Not signed yet</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="33" />
        <source>Review queue</source>
        <translation>Review queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="35" />
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="40" />
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="41" />
        <source>Exports</source>
        <translation>Exports</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="42" />
        <source>Audit and spot checks</source>
        <translation>Audit and spot checks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="96" />
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="101" />
        <source>Households</source>
        <translation>Households</translation>
    </message>
</context>
<context>
    <name>SurveyWidget</name>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="91" />
        <source>Add person</source>
        <translation>Add person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="93" />
        <source>Add: %1</source>
        <translation>Add: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="100" />
        <source>Remove selected</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="156" />
        <source>row %1</source>
        <translation>row %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="158" />
        <source>Select a row above to see its: %1</source>
        <translation>Select a row above to see its: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="286" />
        <source>Back to households</source>
        <translation>Back to households</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="290" />
        <source>Previous section</source>
        <translation>Previous section</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="294" />
        <source>Next section</source>
        <translation>Next section</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="297" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="300" />
        <source>Complete</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="303" />
        <source>Submit</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="306" />
        <source>Survey this household again</source>
        <translation>Survey this household again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="590" />
        <source>Row %1: </source>
        <translation>Row %1: </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="770" />
        <source>Saved at %1</source>
        <translation>Saved at %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="781" />
        <source>Not saved yet: give a reason for each changed answer.</source>
        <translation>Not saved yet: give a reason for each changed answer.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="791" />
        <source>Not saved: the survey is read-only or the store is locked.</source>
        <translation>Not saved: the survey is read-only or the store is locked.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="857" />
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="858" />
        <source>Completed: ready to submit</source>
        <translation>Completed: ready to submit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="859" />
        <source>Submitted: read-only until a supervisor returns it</source>
        <translation>Submitted: read-only until a supervisor returns it</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="862" />
        <source>Returned by the supervisor: fix and complete again</source>
        <translation>Returned by the supervisor: fix and complete again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="867" />
        <source>Withdrawn by the county as recorded in error: {reason}</source>
        <translation>Withdrawn by the county as recorded in error: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="898" />
        <source>The county's economic-status check asks you to confirm:</source>
        <translation>The county's economic-status check asks you to confirm:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="921" />
        <source>The county returned this survey:</source>
        <translation>The county returned this survey:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="923" />
        <source>The township returned this survey:</source>
        <translation>The township returned this survey:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="945" />
        <source>Supervisor:</source>
        <translation>Supervisor:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="975" />
        <source>Why did this answer change? (kept in the audit log)</source>
        <translation>Why did this answer change? (kept in the audit log)</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="17" />
        <source>Everything is sent and up to date.</source>
        <translation>Everything is sent and up to date.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="18" />
        <source>The server cannot be reached. Nothing is lost; sync again when in range.</source>
        <translation>The server cannot be reached. Nothing is lost; sync again when in range.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="21" />
        <source>Sync was cancelled; everything done so far is kept.</source>
        <translation>Sync was cancelled; everything done so far is kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="24" />
        <source>The server refused this laptop. Call county IT.</source>
        <translation>The server refused this laptop. Call county IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="27" />
        <source>This laptop is not enrolled (or was revoked). Call county IT.</source>
        <translation>This laptop is not enrolled (or was revoked). Call county IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="30" />
        <source>This app is too old for the server. Ask county IT to update it.</source>
        <translation>This app is too old for the server. Ask county IT to update it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="33" />
        <source>The server sent a reply the app does not understand. Try again later.</source>
        <translation>The server sent a reply the app does not understand. Try again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="36" />
        <source>The server's copy differs from this laptop's. Call county IT.</source>
        <translation>The server's copy differs from this laptop's. Call county IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="39" />
        <source>Sync stopped on an error. Try again; if it repeats, export the sync log for county IT.</source>
        <translation>Sync stopped on an error. Try again; if it repeats, export the sync log for county IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="53" />
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="59" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="64" />
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="65" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="73" />
        <source>This laptop's clock is %1 ahead of the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>This laptop's clock is %1 ahead of the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="80" />
        <source>This laptop's clock is %1 behind the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>This laptop's clock is %1 behind the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="87" />
        <source>This laptop's clock is wrong, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>This laptop's clock is wrong, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="94" />
        <source>The server received a delayed copy of a request and refused it; nothing was changed. Sync again; if this repeats, check this laptop's date and time.</source>
        <translation>The server received a delayed copy of a request and refused it; nothing was changed. Sync again; if this repeats, check this laptop's date and time.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="99" />
        <source>This laptop's enrollment has been revoked on the server. Contact county IT to enroll it again; the records waiting on this laptop are kept.</source>
        <translation>This laptop's enrollment has been revoked on the server. Contact county IT to enroll it again; the records waiting on this laptop are kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="104" />
        <source>The server does not know this laptop's enrollment. Contact county IT to enroll it again; the records waiting on this laptop are kept.</source>
        <translation>The server does not know this laptop's enrollment. Contact county IT to enroll it again; the records waiting on this laptop are kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="109" />
        <source>Your account is disabled on the server. Contact county IT; the records waiting on this laptop are kept.</source>
        <translation>Your account is disabled on the server. Contact county IT; the records waiting on this laptop are kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="114" />
        <source>This Doorstep app is too old for the server. Update it with the installer from county IT, then sync again; the records waiting on this laptop are kept.</source>
        <translation>This Doorstep app is too old for the server. Update it with the installer from county IT, then sync again; the records waiting on this laptop are kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="119" />
        <source>The server had already received a copy of this request and refused the second one; nothing was changed and nothing is lost. Sync again.</source>
        <translation>The server had already received a copy of this request and refused the second one; nothing was changed and nothing is lost. Sync again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="124" />
        <source>The data changed on the way to the server (a faulty or hostile network), so the server stored nothing. Nothing is lost on this laptop; sync again, on another network if this repeats.</source>
        <translation>The data changed on the way to the server (a faulty or hostile network), so the server stored nothing. Nothing is lost on this laptop; sync again, on another network if this repeats.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="131" />
        <source>The server could not verify this laptop's signature on the request (something on the network may have changed it). Nothing was stored and nothing is lost. Sync again, on another network if this repeats; then contact county IT.</source>
        <translation>The server could not verify this laptop's signature on the request (something on the network may have changed it). Nothing was stored and nothing is lost. Sync again, on another network if this repeats; then contact county IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="149" />
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="150" />
        <source>Receiving</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="151" />
        <source>Sending surveys</source>
        <translation>Sending surveys</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="152" />
        <source>Sending photos</source>
        <translation>Sending photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="153" />
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="159" />
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="170" />
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="172" />
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="173" />
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="352" />
        <source>clock wrong</source>
        <translation>clock wrong</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="354" />
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="355" />
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="356" />
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="357" />
        <source>failed</source>
        <translation>failed</translation>
    </message>
</context>
<context>
    <name>SyncDialogs</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="38" />
        <source>That did not work: %1</source>
        <translation>That did not work: %1</translation>
    </message>
</context>
<context>
    <name>SyncLogDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="52" />
        <source>Sync log</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Error code</source>
        <translation>Error code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="59" />
        <source>Counts</source>
        <translation>Counts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="65" />
        <source>Export for county IT…</source>
        <translation>Export for county IT…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="75" />
        <source>The log holds times, results and counts only: no names or ID numbers.</source>
        <translation>The log holds times, results and counts only: no names or ID numbers.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="94" />
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="94" />
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="107" />
        <source>Export the sync log</source>
        <translation>Export the sync log</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="122" />
        <source>%1 rounds written to %2</source>
        <translation>%1 rounds written to %2</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="232" />
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="233" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="263" />
        <source>Not enrolled for sync</source>
        <translation>Not enrolled for sync</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="266" />
        <source>%1 waiting to send</source>
        <translation>%1 waiting to send</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="268" />
        <source> · %1 need attention</source>
        <translation> · %1 need attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="277" />
        <source>Last sync %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="285" />
        <source>Last successful sync: %1</source>
        <translation>Last successful sync: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="296" />
        <source>Photos waiting for the office network: %1</source>
        <translation>Photos waiting for the office network: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="300" />
        <source>Answers are sent from anywhere. Photos are sent when this laptop is on the township office network (see Settings).</source>
        <translation>Answers are sent from anywhere. Photos are sent when this laptop is on the township office network (see Settings).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="307" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="309" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="312" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="47" />
        <source>Unlock Doorstep</source>
        <translation>Unlock Doorstep</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="60" />
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="61" />
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="81" />
        <source>Forgot your passphrase? County IT can set a new one with the recovery key.</source>
        <translation>Forgot your passphrase? County IT can set a new one with the recovery key.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="141" />
        <source>%n more wrong passphrase(s) and only county IT's recovery can open this profile.</source>
        <translation><numerusform>%n more wrong passphrase(s) and only county IT's recovery can open this profile.</numerusform><numerusform>%n more wrong passphrase(s) and only county IT's recovery can open this profile.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="165" />
        <source>You can try again in %n second(s).</source>
        <translation><numerusform>You can try again in %n second(s).</numerusform><numerusform>You can try again in %n second(s).</numerusform></translation>
    </message>
</context>
<context>
    <name>UsbDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="135" />
        <source>USB transfer</source>
        <translation>USB transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="139" />
        <source>Without a network, take the surveys to the township office on a USB stick. The file is encrypted for the county server only. The office imports it and gives you a receipt file; import the receipt here so the laptop knows what arrived.</source>
        <translation>Without a network, take the surveys to the township office on a USB stick. The file is encrypted for the county server only. The office imports it and gives you a receipt file; import the receipt here so the laptop knows what arrived.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="149" />
        <source>Server USB key (from county IT)</source>
        <translation>Server USB key (from county IT)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="150" />
        <source>Save key</source>
        <translation>Save key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="155" />
        <source>Export waiting surveys to a file…</source>
        <translation>Export waiting surveys to a file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="157" />
        <source>Import a receipt…</source>
        <translation>Import a receipt…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="194" />
        <source>Export to USB</source>
        <translation>Export to USB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="209" />
        <source>%1 batches written. Take the file to the township office.</source>
        <translation>%1 batches written. Take the file to the township office.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="212" />
        <source>Nothing is waiting to be sent.</source>
        <translation>Nothing is waiting to be sent.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="217" />
        <source>Import a receipt</source>
        <translation>Import a receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="230" />
        <source>Receipt read: %1 records acknowledged, %2 conflicts.</source>
        <translation>Receipt read: %1 records acknowledged, %2 conflicts.</translation>
    </message>
</context>
<context>
    <name>VisitOutcome</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="59" />
        <source>Nobody home</source>
        <translation>Nobody home</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="60" />
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="61" />
        <source>Moved out</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="62" />
        <source>Household no longer exists</source>
        <translation>Household no longer exists</translation>
    </message>
</context>
<context>
    <name>VisitOutcomeDialog</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="169" />
        <source>Record a visit: %1</source>
        <translation>Record a visit: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="185" />
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="186" />
        <source>Come back on</source>
        <translation>Come back on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="188" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
</TS>