<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddHouseholdDialog</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="92" />
        <source>Add a household found in the field</source>
        <translation>新增走访中发现的户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="110" />
        <source>Not known yet</source>
        <translation>暂不清楚</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="111" />
        <source>Rural</source>
        <translation>农村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="112" />
        <source>Urban</source>
        <translation>城镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="115" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="116" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="117" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="118" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="119" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="120" />
        <source>Hukou</source>
        <translation>户籍类型</translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="151" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="277" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="278" />
        <source>Available when online</source>
        <translation>联网后可查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="279" />
        <source>Not uploaded yet</source>
        <translation>尚未上传</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="280" />
        <source>Cannot be shown</source>
        <translation>无法显示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="294" />
        <source>Photos and the signature are available when online.</source>
        <translation>照片和签名联网后可查看。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="296" />
        <source>Fetching photos from the server…</source>
        <translation>正在从服务器获取照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/attachments_view.py" line="298" />
        <source>Double-click a photo to see it full size.</source>
        <translation>双击照片可查看大图。</translation>
    </message>
</context>
<context>
    <name>AuditWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="42" />
        <source>Household id</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="43" />
        <source>Show history</source>
        <translation>查看记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="50" />
        <source>Seed (empty: the server picks and records one)</source>
        <translation>随机种子（留空则由服务器选定并记录）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="51" />
        <source>Draw a spot-check sample</source>
        <translation>抽取重点抽查样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="55" />
        <source>Confirmed on the revisit</source>
        <translation>复核属实</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="56" />
        <source>Discrepancy found</source>
        <translation>发现不符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="57" />
        <source>Household not reached</source>
        <translation>未能入户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="58" />
        <source>Record the outcome</source>
        <translation>记录抽查结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="68" />
        <source>Per cadre</source>
        <translation>每位村干部抽取</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="69" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="111" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="161" />
        <source>Spot check %1, seed %2, %3 % per cadre</source>
        <translation>重点抽查 %1，随机种子 %2，每位村干部抽取 %3 %</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/audit_widget.py" line="180" />
        <source>The server could not answer (offline, or outside your scope).</source>
        <translation>服务器无法应答（离线，或超出您的管辖范围）。</translation>
    </message>
</context>
<context>
    <name>CalculatedFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="315" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="315" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="317" />
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="49" />
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="55" />
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="57" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="66" />
        <source>No camera was found on this laptop.</source>
        <translation>这台电脑上没有找到摄像头。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/camera.py" line="94" />
        <source>The camera could not be started.</source>
        <translation>摄像头无法启动。</translation>
    </message>
</context>
<context>
    <name>Campaign</name>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="43" />
        <source>start of year</source>
        <translation>年初</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="44" />
        <source>mid-year</source>
        <translation>年中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="45" />
        <source>end of year</source>
        <translation>年底</translation>
    </message>
</context>
<context>
    <name>CasePanelWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="57" />
        <source>posting until %1, %2 day(s) left</source>
        <translation>公示至 %1，还剩 %2 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="63" />
        <source>re-check on %1</source>
        <translation>%1 复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/survey_panel.py" line="65" />
        <source>Cases of this household</source>
        <translation>本户救助案件</translation>
    </message>
</context>
<context>
    <name>CaseQueueModel</name>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="31" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="32" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="33" />
        <source>Programme</source>
        <translation>救助项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="34" />
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="35" />
        <source>Days in step</source>
        <translation>本环节天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="36" />
        <source>Posting days left</source>
        <translation>公示剩余天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="37" />
        <source>Due</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="38" />
        <source>Proposed monthly amount</source>
        <translation>拟定月救助金额</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="65" />
        <source>Changed on this laptop; waiting for the server.</source>
        <translation>已在本机修改，等待服务器确认。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="80" />
        <source>waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="88" />
        <source>Refused by the server</source>
        <translation>服务器未予受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/queue_model.py" line="91" />
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>CaseQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="100" />
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="102" />
        <source>At most %1</source>
        <translation>不超过 %1 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="103" />
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="104" />
        <source>Overdue only</source>
        <translation>仅逾期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="107" />
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="108" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="109" />
        <source>Posting days left</source>
        <translation>公示剩余天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="110" />
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="115" />
        <source>Application at the window…</source>
        <translation>窗口受理申请…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="132" />
        <source>Dismiss</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="163" />
        <source>Save posting as PDF…</source>
        <translation>公示名单存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="164" />
        <source>Save posting as xlsx…</source>
        <translation>公示名单存为 xlsx…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="171" />
        <source>Posting</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="188" />
        <source>Queue</source>
        <translation>案件队列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="189" />
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="244" />
        <source>All steps</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="248" />
        <source>All villages</source>
        <translation>全部村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="259" />
        <source>%1 of %2 cases</source>
        <translation>%2 件中的 %1 件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="23" />
        <source>since %1 (%2 days)</source>
        <translation>自 %1 起（%2 天）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="35" />
        <source>Posting %1 – %2</source>
        <translation>公示 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="40" />
        <source>day %1, %2 day(s) left</source>
        <translation>第 %1 天，还剩 %2 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="44" />
        <source>the window has closed</source>
        <translation>公示期已满</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="61" />
        <source>open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="64" />
        <source>upheld</source>
        <translation>成立</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="66" />
        <source>dismissed</source>
        <translation>不成立</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="85" />
        <source>Due</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="89" />
        <source>Changed on this laptop; waiting for the server.</source>
        <translation>已在本机修改，等待服务器确认。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="95" />
        <source>Proposed monthly amount</source>
        <translation>拟定月救助金额</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="99" />
        <source>Decision</source>
        <translation>审批决定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="103" />
        <source>Next re-check</source>
        <translation>下次复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="107" />
        <source>Objections</source>
        <translation>异议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/detail_html.py" line="111" />
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="485" />
        <source>Saved here; it goes to the server with the next sync.</source>
        <translation>已保存在本机，下次同步时发送到服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="504" />
        <source>Save the posting list</source>
        <translation>保存公示名单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="505" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="505" />
        <source>Spreadsheet (*.xlsx)</source>
        <translation>电子表格 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="526" />
        <source>Posting list saved: %1</source>
        <translation>公示名单已保存：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/cases_widget.py" line="530" />
        <source>The posting list could not be written there.</source>
        <translation>无法在该位置写入公示名单。</translation>
    </message>
</context>
<context>
    <name>CaseReportWidget</name>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="70" />
        <source>Save as xlsx…</source>
        <translation>另存为 xlsx…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="85" />
        <source>Cases by programme and step</source>
        <translation>按救助项目和环节统计案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="86" />
        <source>Postings open today</source>
        <translation>正在公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="87" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="158" />
        <source>Re-checks and decisions</source>
        <translation>复核与审批</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="104" />
        <source>From this laptop's data as of %1 (the last sync and the work done here since). Re-checks due by %2, the end of the round; decisions since %3.</source>
        <translation>依据本机截至 %1 的数据（上次同步及此后在本机的办理）。复核统计至本轮结束日 %2；审批统计自 %3 起。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="114" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="125" />
        <location filename="../../desktop/ui/cases/report_widget.py" line="148" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="114" />
        <source>Programme</source>
        <translation>救助项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="115" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="121" />
        <source>Cases by step</source>
        <translation>按环节统计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="126" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="127" />
        <source>Posted from</source>
        <translation>公示起始日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="128" />
        <source>Last day</source>
        <translation>公示截止日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="129" />
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="130" />
        <source>Cases</source>
        <translation>救助案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="144" />
        <source>Postings open</source>
        <translation>正在公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="149" />
        <source>Re-checks due this round</source>
        <translation>本轮应复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="150" />
        <source>Decisions this month</source>
        <translation>本月审批</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="151" />
        <source>Approved</source>
        <translation>已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="152" />
        <source>Monthly total (yuan)</source>
        <translation>月保障金合计（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="165" />
        <source>Save the reports</source>
        <translation>保存统计报表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="165" />
        <source>Spreadsheet (*.xlsx)</source>
        <translation>电子表格 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="177" />
        <source>Reports saved: %1</source>
        <translation>统计报表已保存：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/report_widget.py" line="181" />
        <source>The reports could not be written there.</source>
        <translation>无法将统计报表写入该位置。</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="14" />
        <source>Application taken, survey needed</source>
        <translation>已受理申请，待入户调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="15" />
        <source>Survey approved</source>
        <translation>调查已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="16" />
        <source>Economic check requested</source>
        <translation>已申请家庭经济状况核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="17" />
        <source>Economic check recorded</source>
        <translation>核对结果已录入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="18" />
        <source>Appraised by the village</source>
        <translation>村级民主评议已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="19" />
        <source>Reviewed by the township</source>
        <translation>乡镇已审核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="20" />
        <location filename="../../desktop/ui/cases/words.py" line="74" />
        <source>Public posting</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="21" />
        <location filename="../../desktop/ui/cases/words.py" line="78" />
        <source>Approved</source>
        <translation>已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="22" />
        <location filename="../../desktop/ui/cases/words.py" line="79" />
        <source>Refused</source>
        <translation>拒绝调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="23" />
        <location filename="../../desktop/ui/cases/words.py" line="80" />
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="24" />
        <source>Re-check</source>
        <translation>复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="41" />
        <source>Survey needed</source>
        <translation>需入户调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="42" />
        <source>Request the economic check</source>
        <translation>申请经济状况核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="43" />
        <source>Record the check result</source>
        <translation>录入核对结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="44" />
        <source>Village appraisal due</source>
        <translation>待民主评议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="45" />
        <source>Township review due</source>
        <translation>待乡镇审核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="46" />
        <source>Posting due</source>
        <translation>待公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="47" />
        <source>Posting window open</source>
        <translation>公示中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="48" />
        <source>Objections to settle</source>
        <translation>异议待处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="49" />
        <source>Decision due</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="50" />
        <source>Re-check due</source>
        <translation>到期待复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="57" />
        <source>Request check</source>
        <translation>申请核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="58" />
        <source>Record check result…</source>
        <translation>录入核对结果…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="59" />
        <source>Record appraisal meeting…</source>
        <translation>录入民主评议会…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="60" />
        <source>Township review…</source>
        <translation>乡镇审核…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="61" />
        <source>Create posting…</source>
        <translation>发起公示…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="62" />
        <source>Record objection…</source>
        <translation>登记异议…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="63" />
        <source>Settle objection…</source>
        <translation>处理异议…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="64" />
        <source>Decide…</source>
        <translation>审批…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="65" />
        <source>Start re-check</source>
        <translation>开始复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="66" />
        <source>Change of circumstances…</source>
        <translation>情况变化…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="72" />
        <source>Case opened</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="73" />
        <source>Village appraisal</source>
        <translation>民主评议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="75" />
        <source>Objection received</source>
        <translation>收到异议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="76" />
        <source>Objection upheld</source>
        <translation>异议成立</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="77" />
        <source>Objection dismissed</source>
        <translation>异议不成立</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="81" />
        <source>Queued on this laptop</source>
        <translation>已在本机排队</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="82" />
        <source>Accepted by the server</source>
        <translation>服务器已受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="83" />
        <source>Refused by the server</source>
        <translation>服务器未予受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="89" />
        <source>opening the case</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="90" />
        <source>requesting the check</source>
        <translation>申请核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="91" />
        <source>recording the check</source>
        <translation>录入核对结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="92" />
        <source>the appraisal meeting</source>
        <translation>民主评议会</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="93" />
        <source>the township review</source>
        <translation>乡镇审核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="94" />
        <source>the posting</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="95" />
        <source>the objection</source>
        <translation>异议登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="96" />
        <source>settling the objection</source>
        <translation>异议处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="97" />
        <source>the decision</source>
        <translation>审批决定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="98" />
        <source>starting the re-check</source>
        <translation>开始复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="99" />
        <source>the change of circumstances</source>
        <translation>情况变化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="116" />
        <source>The case is at “{step}”; this needs it at “{expected}”.</source>
        <translation>案件当前处于“{step}”，此操作需要在“{expected}”环节进行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="119" />
        <source>Your role may not do this at this level.</source>
        <translation>您的角色在此层级无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="122" />
        <source>This case is outside your area.</source>
        <translation>此案件不在您的辖区内。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="123" />
        <source>The server does not know this case.</source>
        <translation>服务器上没有此案件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="124" />
        <source>The server does not know this household.</source>
        <translation>服务器上没有此户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="127" />
        <source>The server does not know this survey.</source>
        <translation>服务器上没有此调查表。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="130" />
        <source>The county does not run this programme as cases.</source>
        <translation>本县未将此救助项目纳入案件办理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="133" />
        <source>The server does not know this objection.</source>
        <translation>服务器上没有此异议。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="136" />
        <source>The household's survey is not approved yet.</source>
        <translation>此户的调查表尚未审核通过。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="139" />
        <source>The survey has no signed consent to the economic check.</source>
        <translation>调查表中没有签字的家庭经济状况核对授权。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="142" />
        <source>The meeting minutes photo had not reached the server.</source>
        <translation>评议会记录照片尚未上传到服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="145" />
        <source>The county's rules skip this step for this programme.</source>
        <translation>按本县规则，此救助项目不经过这一环节。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="148" />
        <location filename="../../desktop/ui/cases/words.py" line="225" />
        <source>The household already has an open case in this programme.</source>
        <translation>此户在该救助项目中已有在办案件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="151" />
        <source>The case is not in this village.</source>
        <translation>此案件不属于该村。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="152" />
        <source>No decision yet: today is day {day} of the {window_days}-day posting, which ends on {ends_on} ({days_left} day(s) left).</source>
        <translation>暂不能审批：今天是 {window_days} 天公示期的第 {day} 天，公示至 {ends_on} 结束（还剩 {days_left} 天）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="157" />
        <source>Objections are recorded only during the posting, {starts_on} to {ends_on}.</source>
        <translation>异议只能在公示期内（{starts_on} 至 {ends_on}）登记。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="160" />
        <source>{count} objection(s) still to settle before a decision.</source>
        <translation>还有 {count} 条异议未处理，暂不能审批。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="163" />
        <location filename="../../desktop/ui/cases/words.py" line="214" />
        <source>This objection was already settled.</source>
        <translation>此异议已经处理过。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="166" />
        <location filename="../../desktop/ui/cases/words.py" line="196" />
        <source>A written reason is needed.</source>
        <translation>需要填写书面理由。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="167" />
        <source>An approval needs a category, a monthly amount and a start month.</source>
        <translation>批准需要填写类别、月救助金额和起始月份。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="172" />
        <source>The server refused this (code {code}).</source>
        <translation>服务器未予受理（代码 {code}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="178" />
        <source>Refused: {op}.</source>
        <translation>未受理：{op}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="187" />
        <source>Only supervisors work cases.</source>
        <translation>只有督导人员可以办理案件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="188" />
        <source>This case is not on this laptop.</source>
        <translation>本机上没有此案件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="189" />
        <source>Type the monthly amount in yuan, for example 320 or 320.50.</source>
        <translation>请按元填写月救助金额，例如 320 或 320.50。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="192" />
        <source>Type the start month as YYYY-MM, for example 2027-01.</source>
        <translation>请按 YYYY-MM 格式填写起始月份，例如 2027-01。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="195" />
        <source>Choose a category.</source>
        <translation>请选择类别。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="197" />
        <source>Write what the objection says.</source>
        <translation>请填写异议内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="198" />
        <source>Name at least one member present.</source>
        <translation>请至少填写一名到会人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="201" />
        <source>Choose at least one case.</source>
        <translation>请至少选择一个案件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="202" />
        <source>Attach a photo of the minutes (JPEG or PNG).</source>
        <translation>请附上会议记录照片（JPEG 或 PNG）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="205" />
        <source>The minutes photo is too large.</source>
        <translation>会议记录照片太大。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="206" />
        <source>The minutes photo carries location data; take it again in the app.</source>
        <translation>会议记录照片含有位置信息，请在本软件中重新拍摄。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="209" />
        <source>The date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="210" />
        <source>A posting cannot start in the past.</source>
        <translation>公示开始日期不能早于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="211" />
        <source>All cases must be in the chosen village.</source>
        <translation>所有案件必须属于所选的村。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="217" />
        <source>Choose an outcome.</source>
        <translation>请选择结果。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="218" />
        <source>Votes cannot be negative.</source>
        <translation>票数不能为负数。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="219" />
        <source>Choose a programme the county runs as cases.</source>
        <translation>请选择本县按案件办理的救助项目。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="222" />
        <source>Choose a household from the list.</source>
        <translation>请从列表中选择一户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="228" />
        <source>Something went wrong; nothing was saved.</source>
        <translation>出错了，未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="234" />
        <source>Dibao</source>
        <translation>低保</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="235" />
        <source>Destitute support</source>
        <translation>特困供养</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="236" />
        <source>Temporary assistance</source>
        <translation>临时救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="237" />
        <source>Medical assistance</source>
        <translation>医疗救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="238" />
        <source>Disability living subsidy</source>
        <translation>困难残疾人生活补贴</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/words.py" line="239" />
        <source>Disability nursing subsidy</source>
        <translation>重度残疾人护理补贴</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="405" />
        <source>Change of circumstances: %1</source>
        <translation>情况变化：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="408" />
        <source>Adjust the amount</source>
        <translation>调整救助金额</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="409" />
        <source>Exit the programme</source>
        <translation>退出救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="411" />
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="412" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="413" />
        <source>The case goes through the check, appraisal and posting again.</source>
        <translation>案件将重新经过核对、评议和公示。</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="301" />
        <source>Check result: %1</source>
        <translation>核对结果：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="303" />
        <source>Eligible</source>
        <translation>符合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="304" />
        <source>Not eligible</source>
        <translation>不符合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="305" />
        <source>Unclear</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="307" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="308" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>DateFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="156" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="160" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="324" />
        <source>Decision: %1</source>
        <translation>审批：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="326" />
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="327" />
        <source>Refuse</source>
        <translation>不予批准</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="329" />
        <source>Confirm the exit</source>
        <translation>确认退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="337" />
        <source>Told to the household</source>
        <translation>将告知申请户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="338" />
        <source>Decision</source>
        <translation>审批决定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="339" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="340" />
        <source>Monthly amount (yuan)</source>
        <translation>月救助金额（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="341" />
        <source>Start month</source>
        <translation>起始月份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="342" />
        <source>Reason for a refusal</source>
        <translation>不予批准的理由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="346" />
        <source>The posting still runs: day %1, %2 day(s) left. The server refuses a decision before the window has closed.</source>
        <translation>公示尚未结束：第 %1 天，还剩 %2 天。公示期满前服务器不受理审批决定。</translation>
    </message>
</context>
<context>
    <name>ExportsWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="41" />
        <source>Ledger (台账, contains ID numbers)</source>
        <translation>台账（含身份证号码）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="42" />
        <source>Public-posting list (公示)</source>
        <translation>公示名单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="43" />
        <source>Referral lists per department</source>
        <translation>各部门转介名单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="44" />
        <source>Discrepancy report</source>
        <translation>比对异常清单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="47" />
        <location filename="../../desktop/ui/progress/exports_widget.py" line="89" />
        <source>Whole scope</source>
        <translation>全部辖区</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="48" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="50" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="113" />
        <source>Save the export</source>
        <translation>保存导出文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="113" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="137" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="158" />
        <source>Saved %1 (%2 KB).</source>
        <translation>已保存 %1（%2 KB）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="167" />
        <source>Export cancelled; nothing was saved.</source>
        <translation>导出已取消，未保存任何文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="169" />
        <source>Your role or scope does not allow this export.</source>
        <translation>您的角色或辖区不允许导出此清单。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/exports_widget.py" line="172" />
        <source>The export failed (the server may be out of reach); nothing was saved.</source>
        <translation>导出失败（可能连不上服务器），未保存任何文件。</translation>
    </message>
</context>
<context>
    <name>FirstRunWidget</name>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="41" />
        <source>Set up Doorstep on this laptop</source>
        <translation>在这台电脑上设置入户通</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="44" />
        <source>County: %1</source>
        <translation>所属县（市、区）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="48" />
        <source>Everything you record is kept encrypted on this laptop. Nobody can read it without a key: your passphrase, or the county's recovery key held by county IT. If you forget your passphrase, county IT can give you a new one; nobody else can open your data, not even someone who takes the laptop.</source>
        <translation>您录入的所有信息都加密保存在这台电脑上。没有钥匙谁也看不到：钥匙就是您的口令，或由县里信息技术人员保管的县级恢复密钥。忘记口令时，县里信息技术人员可以为您重设；除此之外任何人都打不开您的数据，即使拿走这台电脑也不行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="59" />
        <source>as on your staff list</source>
        <translation>与花名册一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="61" />
        <source>Create and open</source>
        <translation>创建并打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/first_run_widget.py" line="74" />
        <source>Your name or staff number</source>
        <translation>您的姓名或工号</translation>
    </message>
</context>
<context>
    <name>HouseholdErrors</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="34" />
        <location filename="../../desktop/ui/households/dialogs.py" line="69" />
        <source>It could not be saved. Try again.</source>
        <translation>未能保存，请重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="36" />
        <source>Enter the name of the head of household.</source>
        <translation>请输入户主姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="39" />
        <source>Choose the village.</source>
        <translation>请选择村（社区）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="40" />
        <source>This village is not in your list.</source>
        <translation>这个村（社区）不在您的名单中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="43" />
        <source>This ID number is not valid: check the 18 digits and the last one.</source>
        <translation>身份证号无效：请核对 18 位数字和最后一位校验码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="46" />
        <source>Character {position} of the ID number, “{char}”, is not a digit.</source>
        <translation>身份证号第{position}位“{char}”不是数字。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="49" />
        <source>The last character of the ID number, “{char}”, must be a digit or X.</source>
        <translation>身份证号第18位“{char}”应为数字或X。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="53" />
        <source>An ID number has 18 characters; this one has {count}.</source>
        <translation>身份证号应为18位，现在是{count}位。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="56" />
        <source>Enter an 11-digit mobile number or a landline like 0715-1234567.</source>
        <translation>请输入 11 位手机号码，或 0715-1234567 这样的固定电话。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="59" />
        <source>Choose the day to come back.</source>
        <translation>请选择再次上门的日期。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="62" />
        <source>The revisit day cannot be in the past.</source>
        <translation>回访日期不能早于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="65" />
        <source>Choose what happened at the door.</source>
        <translation>请选择走访结果。</translation>
    </message>
</context>
<context>
    <name>HouseholdFlag</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="32" />
        <source>Urban dibao</source>
        <translation>城市低保</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="33" />
        <source>Rural dibao</source>
        <translation>农村低保</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="34" />
        <source>Destitute, supported centrally</source>
        <translation>特困集中供养</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="37" />
        <source>Destitute, supported at home</source>
        <translation>特困分散供养</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="38" />
        <source>Orphan</source>
        <translation>孤儿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="39" />
        <source>De-facto unsupported child</source>
        <translation>事实无人抚养儿童</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="42" />
        <source>Veteran or family</source>
        <translation>优抚对象</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="43" />
        <source>Left-behind care</source>
        <translation>三留守关爱</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="44" />
        <source>Registered poor household</source>
        <translation>建档立卡</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="45" />
        <source>Disability living subsidy</source>
        <translation>困难残疾人生活补贴</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="48" />
        <source>Disability nursing subsidy</source>
        <translation>重度残疾人护理补贴</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="51" />
        <source>Disaster relief</source>
        <translation>受灾救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="52" />
        <source>Temporary assistance</source>
        <translation>临时救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="53" />
        <source>Medical assistance</source>
        <translation>医疗救助</translation>
    </message>
</context>
<context>
    <name>HouseholdState</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="13" />
        <source>Not visited</source>
        <translation>未走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="14" />
        <source>Revisit due</source>
        <translation>应回访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="15" />
        <source>Revisit planned</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="16" />
        <source>Refused</source>
        <translation>拒绝调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="17" />
        <source>Moved out</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="18" />
        <source>No longer exists</source>
        <translation>已不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="19" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="20" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="21" />
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="22" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="23" />
        <source>Approved</source>
        <translation>已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="24" />
        <source>Withdrawn by the county</source>
        <translation>已被县里撤销</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="182" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="183" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="184" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="185" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="186" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="187" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/table_model.py" line="188" />
        <source>Case</source>
        <translation>救助案件</translation>
    </message>
</context>
<context>
    <name>HouseholdsWidget</name>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="158" />
        <source>Search: name, ID digits, address or phone</source>
        <translation>搜索：姓名、身份证号片段、地址或电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="164" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="164" />
        <source>Still to do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="169" />
        <source>All households</source>
        <translation>全部户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="170" />
        <source>Receiving any support</source>
        <translation>享受任一救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="171" />
        <source>Receiving no support</source>
        <translation>未享受救助</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="161" />
        <source>Open survey</source>
        <translation>打开调查表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="162" />
        <source>Record visit…</source>
        <translation>登记走访…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="163" />
        <source>Add household…</source>
        <translation>新增户…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="159" />
        <source>Campaign</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="160" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="184" />
        <location filename="../../desktop/ui/households/households_widget.py" line="221" />
        <source>Any campaign</source>
        <translation>不限轮次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="186" />
        <location filename="../../desktop/ui/households/households_widget.py" line="225" />
        <source>All villages</source>
        <translation>全部村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/households_widget.py" line="281" />
        <source>%1 of %2 households</source>
        <translation>共 %2 户，显示 %1 户</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="376" />
        <source>Application at the window</source>
        <translation>窗口受理申请</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="386" />
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="388" />
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="389" />
        <source>Programme</source>
        <translation>救助项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="390" />
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="391" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="392" />
        <source>The case waits for an approved survey of the household.</source>
        <translation>案件将等待该户的入户调查审核通过。</translation>
    </message>
</context>
<context>
    <name>LineFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="108" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="151" />
        <source>Doorstep · household survey</source>
        <translation>入户通 · 困难家庭入户调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="152" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="153" />
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="154" />
        <source>Lock now (Ctrl+L): the passphrase is needed again</source>
        <translation>立即锁定（Ctrl+L）：再次使用需输入口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="155" />
        <source>Sync log…</source>
        <translation>同步记录…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="156" />
        <source>USB transfer…</source>
        <translation>U 盘传送…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="157" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="158" />
        <source>Change passphrase…</source>
        <translation>修改口令…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="159" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="196" />
        <source>This laptop has no Doorstep profile yet, and no county profile was given. Start Doorstep with --profile county.json (from county IT), or run `doorstep demo` to try it.</source>
        <translation>这台电脑还没有入户通用户档案，也没有指定县级配置。请用 --profile county.json（由县里信息技术人员提供）启动入户通，或运行 `doorstep demo` 试用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="235" />
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="281" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="290" />
        <source>Locked when the laptop went to sleep</source>
        <translation>电脑休眠时已锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="318" />
        <source>This survey was started on form version %1, which this laptop does not have. Sync to receive it from the county, or update the app.</source>
        <translation>这份调查使用第 %1 版调查表，本机还没有这一版。请同步以从县里获取，或更新本软件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="322" />
        <source>The survey could not be opened.</source>
        <translation>无法打开这份调查。</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="94" />
        <source>Village appraisal meeting</source>
        <translation>村民主评议会</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="100" />
        <source>One name a line</source>
        <translation>每行一个姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="102" />
        <source>Choose the minutes photo…</source>
        <translation>选择会议记录照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="103" />
        <source>No photo yet</source>
        <translation>尚无照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="105" />
        <source>Held on</source>
        <translation>召开日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="106" />
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="107" />
        <source>Members present</source>
        <translation>到会人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="112" />
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="113" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="114" />
        <source>For</source>
        <translation>赞成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="115" />
        <source>Against</source>
        <translation>反对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="116" />
        <source>Abstain</source>
        <translation>弃权</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="126" />
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="127" />
        <source>Disagree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="128" />
        <source>Defer</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="144" />
        <source>Photo ready (%1 KB)</source>
        <translation>照片已就绪（%1 KB）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="149" />
        <source>Minutes photo</source>
        <translation>会议记录照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="149" />
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="153" />
        <source>Preparing the photo…</source>
        <translation>正在处理照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="158" />
        <source>That file is not a photo Qt can read.</source>
        <translation>该文件不是可读取的照片。</translation>
    </message>
</context>
<context>
    <name>ObjectionDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="197" />
        <source>Objection: %1</source>
        <translation>异议：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="200" />
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="202" />
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="203" />
        <source>Raised by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="204" />
        <source>What it says</source>
        <translation>异议内容</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="41" />
        <source>Change passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="59" />
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="61" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="64" />
        <source>Your data stays as it is; only the passphrase that opens it changes. County IT can still recover it with the county's recovery key.</source>
        <translation>您的数据保持不变，只是打开它的口令改了。县里信息技术人员仍可用县级恢复密钥恢复数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="71" />
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/passphrase_dialog.py" line="86" />
        <source>Type your current passphrase first.</source>
        <translation>请先输入当前口令。</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="33" />
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="36" />
        <source>Type it again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="52" />
        <source>Too short: at least 8 characters</source>
        <translation>太短：至少 8 个字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="54" />
        <source>Too weak</source>
        <translation>太弱</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="55" />
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="56" />
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="57" />
        <source>Good</source>
        <translation>较强</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="58" />
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/passphrase_fields.py" line="62" />
        <source>The two passphrases differ.</source>
        <translation>两次输入不一致。</translation>
    </message>
</context>
<context>
    <name>PhotosFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="97" />
        <source>Add photos from files…</source>
        <translation>从文件添加照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="99" />
        <source>Take a photo…</source>
        <translation>拍照…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="102" />
        <source>Rotate left</source>
        <translation>向左旋转</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="104" />
        <source>Rotate right</source>
        <translation>向右旋转</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="106" />
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="112" />
        <source>Preparing photos…</source>
        <translation>正在处理照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="127" />
        <source>Kind of the selected photo:</source>
        <translation>所选照片的类别：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="187" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="189" />
        <source>Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="244" />
        <source>This file could not be read as a photo (JPEG or PNG).</source>
        <translation>无法把这个文件读取为照片（JPEG 或 PNG）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="246" />
        <source>The photo could not be stored: %1</source>
        <translation>照片未能保存：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="334" />
        <location filename="../../desktop/ui/survey/photos_editor.py" line="336" />
        <source>Kind not chosen</source>
        <translation>未选类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/photos_editor.py" line="431" />
        <source>Choose a photo…</source>
        <translation>选择照片…</translation>
    </message>
</context>
<context>
    <name>PostingDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="243" />
        <source>Public posting: %1</source>
        <translation>公示：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="253" />
        <source>Starts on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="254" />
        <source>Cases</source>
        <translation>救助案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="257" />
        <source>The posting runs for the county's number of calendar days from the start date.</source>
        <translation>公示期按本县规定的天数，从开始日期起按自然日计算。</translation>
    </message>
</context>
<context>
    <name>PostingList</name>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="24" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="25" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="26" />
        <source>Programme</source>
        <translation>救助项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="27" />
        <source>Proposed monthly amount (yuan)</source>
        <translation>拟定月救助金额（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="33" />
        <source>Public posting: %1</source>
        <translation>公示：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="37" />
        <source>Posted from %1 to %2 (%3 calendar days). Objections to the township civil-affairs office during the posting.</source>
        <translation>公示时间：%1 至 %2（共 %3 天）。公示期间如有异议，请向乡镇民政办反映。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/posting_pdf.py" line="71" />
        <source>Public posting</source>
        <translation>公示</translation>
    </message>
</context>
<context>
    <name>ProfileErrors</name>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="15" />
        <source>That passphrase is not right. Check the keyboard language and Caps Lock.</source>
        <translation>口令不对。请检查输入法和大写锁定键。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="20" />
        <source>Too many wrong passphrases: this profile is now closed to passphrases. County IT can open it with the county recovery key and set a new passphrase.</source>
        <translation>密码错误次数过多：此档案已不再接受密码。请县信息中心用县级恢复密钥打开并设置新密码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="27" />
        <source>Too many wrong passphrases. Wait %1 seconds and try again.</source>
        <translation>口令错误次数过多，请等 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="32" />
        <source>The two passphrases are not the same.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="33" />
        <source>A passphrase needs at least 8 characters.</source>
        <translation>口令至少需要 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="34" />
        <source>This passphrase is too easy to guess. Make it longer or mix letters, digits and signs, or use a short Chinese phrase.</source>
        <translation>这个口令太容易被猜到。请加长，或混合字母、数字和符号，也可以用一句简短的中文。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="36" />
        <source>This passphrase cannot be used.</source>
        <translation>这个口令不能使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="38" />
        <source>This profile was written by a newer version of Doorstep. Install that version (ask county IT); nothing in the profile was changed.</source>
        <translation>此档案由更新版本的入户通写入。请安装该版本（联系县信息中心）；档案内容未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="44" />
        <source>This profile cannot be opened. Ask county IT for help.</source>
        <translation>无法打开这个用户档案，请联系县里信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/errors.py" line="47" />
        <source>Something went wrong. Try again; if it happens again, ask county IT.</source>
        <translation>出了点问题。请重试；如果再次出现，请联系县里信息技术人员。</translation>
    </message>
</context>
<context>
    <name>ProgressTableModel</name>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="33" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="34" />
        <source>Assigned</source>
        <translation>应访户数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="35" />
        <source>Visited</source>
        <translation>已走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="36" />
        <source>Revisits pending</source>
        <translation>待再次上门</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="37" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="38" />
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="39" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="40" />
        <source>Approved</source>
        <translation>已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_model.py" line="81" />
        <source>Not fetched from the server yet</source>
        <translation>尚未从服务器获取</translation>
    </message>
</context>
<context>
    <name>ProgressWidget</name>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="45" />
        <source>By township</source>
        <translation>按乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="46" />
        <source>By village</source>
        <translation>按村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="47" />
        <source>By cadre</source>
        <translation>按村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="50" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="74" />
        <source>Progress has not been fetched yet. Connect to the county server and press Refresh, or sync: the figures are then kept for when you are offline.</source>
        <translation>尚未获取工作进度。请连接县里的服务器后点击“刷新”，或进行同步：获取后的数据会保存下来，离线时也能查看。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="103" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="126" />
        <source>No campaign on this laptop yet</source>
        <translation>这台电脑上还没有走访轮次</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/progress/progress_widget.py" line="129" />
        <source>%n day(s) left in the three-week window</source>
        <translation><numerusform>三周工作期还剩 %n 天</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="133" />
        <source>From the server, %1</source>
        <translation>来自服务器，%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="134" />
        <source>Offline: figures from %1</source>
        <translation>离线：%1 的数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="136" />
        <source>Offline: counted from the surveys of the last sync, %1; assignments and visits not fetched yet</source>
        <translation>离线：按上次同步（%1）的调查统计；分配和走访数尚未获取</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="139" />
        <source>Not fetched yet</source>
        <translation>尚未获取</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/progress/progress_widget.py" line="141" />
        <source>never</source>
        <translation>从未</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="29" />
        <source>Return to the cadre</source>
        <translation>退回给村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="33" />
        <source>Return the survey of %1 with a comment.</source>
        <translation>退回 %1 的调查表，并附上意见。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="36" />
        <source>What should the cadre check or correct?</source>
        <translation>村干部需要核实或更正什么？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="42" />
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="45" />
        <source>Comment at this question</source>
        <translation>针对这个问题的意见</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="46" />
        <source>Pin</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="50" />
        <source>Pinned comment</source>
        <translation>标注的意见</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/return_dialog.py" line="58" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="282" />
        <source>Township review: %1</source>
        <translation>乡镇审核：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="284" />
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="285" />
        <source>Return for re-check</source>
        <translation>退回复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="291" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="292" />
        <source>Proposed category</source>
        <translation>拟定类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="293" />
        <source>Proposed monthly amount (yuan)</source>
        <translation>拟定月救助金额（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="294" />
        <source>Comment</source>
        <translation>意见</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="30" />
        <source>Key</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="31" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="32" />
        <source>Cadre</source>
        <translation>村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="33" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="34" />
        <source>Screening</source>
        <translation>筛查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="35" />
        <source>Recommendation</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="36" />
        <source>Days in queue</source>
        <translation>待审天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="37" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="77" />
        <source>The server also holds a conflicting version of this survey: compare both before deciding.</source>
        <translation>服务器上还有这份调查的冲突版本：请先对比两个版本再作决定。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="97" />
        <source>clean</source>
        <translation>无提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="105" />
        <source>conflicting version</source>
        <translation>有冲突版本</translation>
    </message>
</context>
<context>
    <name>ReviewQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="75" />
        <source>All screening</source>
        <translation>全部筛查结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="76" />
        <source>Flagged</source>
        <translation>有提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="77" />
        <source>Clean</source>
        <translation>无提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="80" />
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="81" />
        <source>Cadre</source>
        <translation>村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="82" />
        <location filename="../../desktop/ui/review/queue_widget.py" line="353" />
        <source>Screening</source>
        <translation>筛查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="83" />
        <location filename="../../desktop/ui/review/queue_widget.py" line="352" />
        <source>Recommendation</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="114" />
        <source>Approve (Ctrl+Enter)</source>
        <translation>审核通过 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="115" />
        <source>Return… (Ctrl+R)</source>
        <translation>退回… (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="117" />
        <source>Approve selected clean surveys (Ctrl+Shift+A)</source>
        <translation>通过所选的无提示调查表 (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="119" />
        <source>Previous (K)</source>
        <translation>上一份 (K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="120" />
        <source>Next (J)</source>
        <translation>下一份 (J)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="121" />
        <source>History on the server…</source>
        <translation>服务器上的记录…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="193" />
        <source>County level: surveys the townships approved</source>
        <translation>县级：乡镇已审核的调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="195" />
        <source>Township level: surveys the cadres submitted</source>
        <translation>乡镇级：村干部已提交的调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="197" />
        <source>(not yet confirmed by the server)</source>
        <translation>（尚未经服务器确认）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="207" />
        <source>All villages</source>
        <translation>全部村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="209" />
        <source>All cadres</source>
        <translation>全部村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="213" />
        <source>All recommendations</source>
        <translation>全部建议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="235" />
        <source>%1 of %2 waiting</source>
        <translation>共 %2 份待审，显示 %1 份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="291" />
        <source>Mark the flag explained</source>
        <translation>标记疑点已说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="292" />
        <source>Why the department's record does not change the survey:</source>
        <translation>部门记录为何不影响本次调查结论：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="308" />
        <source>The explanation was recorded.</source>
        <translation>说明已记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="314" />
        <source>The explanation could not be sent: the server is not reachable. Try again.</source>
        <translation>说明未能发送：无法连接服务器，请重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="351" />
        <source>Collected by</source>
        <translation>采集人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="360" />
        <source>Withdrawn by the county as recorded in error: %1</source>
        <translation>县里认定为误录，已撤销：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="363" />
        <source>Nothing to decide: it has left the queue.</source>
        <translation>无需审核：已移出审核队列。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="371" />
        <source>No screening flag.</source>
        <translation>没有筛查提示。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="373" />
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="379" />
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/review/queue_widget.py" line="382" />
        <source>%n photo(s) and documents</source>
        <translation><numerusform>%n 张照片和材料</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="388" />
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="398" />
        <source>Economic-status check</source>
        <translation>家庭经济状况核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="399" />
        <source>Fetching the check from the server…</source>
        <translation>正在从服务器获取核对结果…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="400" />
        <source>The check is available when online.</source>
        <translation>联网后可查看核对结果。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="401" />
        <source>The household has not signed the consent: not checked.</source>
        <translation>该户未签署核对授权，未进行核对。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="402" />
        <source>No department record matches a member.</source>
        <translation>各部门数据中未发现与家庭成员相符的记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="403" />
        <source>explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="404" />
        <source>Mark explained…</source>
        <translation>标记为已说明…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Record</source>
        <translation>部门记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="421" />
        <source>Survey said</source>
        <translation>调查填报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="435" />
        <source>Conflicting version on the server</source>
        <translation>服务器上有冲突版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="439" />
        <source>Fetching both versions from the server…</source>
        <translation>正在从服务器获取两个版本…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="441" />
        <source>Both versions can be compared when online.</source>
        <translation>联网后可对比两个版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="443" />
        <source>The conflict has been settled on the server.</source>
        <translation>服务器上的冲突已处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="449" />
        <source>Revision %1 is under review; revision %2 (received %3) was based on revision %4 and was not taken.</source>
        <translation>正在审核的是第 %1 版；第 %2 版（%3 收到）基于第 %4 版修改，未被采用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="458" />
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="459" />
        <source>Under review</source>
        <translation>审核中的版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="460" />
        <source>Conflicting version</source>
        <translation>冲突版本</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/review/queue_widget.py" line="542" />
        <source>%n decision(s) queued for the next sync</source>
        <translation><numerusform>%n 项审核决定等待下次同步</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="548" />
        <source>A return needs a comment for the cadre.</source>
        <translation>退回时需要给村干部写明意见。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="549" />
        <source>This survey is no longer waiting for you.</source>
        <translation>这份调查表已不在您的待审列表中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="550" />
        <source>This survey is not on this laptop.</source>
        <translation>这台电脑上没有这份调查表。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_widget.py" line="551" />
        <source>Something went wrong; the decision was not saved.</source>
        <translation>出了点问题，审核决定没有保存。</translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="43" />
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="44" />
        <source>Returned by the county</source>
        <translation>县级退回</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="45" />
        <source>Approved by the township</source>
        <translation>乡镇已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="46" />
        <source>Returned to the cadre</source>
        <translation>已退回村干部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="47" />
        <source>Approved by the county</source>
        <translation>县级已审核通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/queue_model.py" line="48" />
        <source>Withdrawn by the county</source>
        <translation>已被县里撤销</translation>
    </message>
</context>
<context>
    <name>ScreeningPanelWidget</name>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="44" />
        <source>Key figures</source>
        <translation>关键数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="52" />
        <source>Screening (for reference, not a decision)</source>
        <translation>筛查提示（仅供参考，不是结论）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="54" />
        <source>No screening flag so far.</source>
        <translation>目前没有筛查提示。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/screening_panel.py" line="59" />
        <source>Still to fix</source>
        <translation>待修改</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="38" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="44" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="53" />
        <source>Send photos only on the township office network</source>
        <translation>照片仅在乡镇办公网络下上传</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="58" />
        <source>Answers are always sent. Photos are large: with this on they wait until the laptop is on the office network, so a village link is not tied up.</source>
        <translation>调查答案随时上传。照片较大：开启后照片会等到电脑连上办公网络再上传，以免占满村里的网络。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="65" />
        <source>e.g. 10.42.0.0/16, 192.168.8.0/24</source>
        <translation>例如 10.42.0.0/16, 192.168.8.0/24</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="67" />
        <source>Address ranges of the office network; county IT gives them.</source>
        <translation>办公网络的地址段，由县里信息技术人员提供。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="79" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="80" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="82" />
        <source>Lock after this much idle time</source>
        <translation>闲置多长时间后自动锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="83" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="85" />
        <source>Office network (from county IT)</source>
        <translation>办公网络（由县信息技术人员提供）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="105" />
        <source>“%1” is not an address range. Write ranges like 10.42.0.0/16, separated by commas.</source>
        <translation>“%1”不是有效的地址段。请按 10.42.0.0/16 的格式填写，多个用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="108" />
        <source>Enter the office network's address ranges (county IT has them).</source>
        <translation>请填写办公网络的地址段（向县里信息技术人员索取）。</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="216" />
        <source>Settle an objection: %1</source>
        <translation>处理异议：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="222" />
        <source>Upheld: back to re-check</source>
        <translation>成立：退回复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="223" />
        <source>Dismissed</source>
        <translation>不成立</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="225" />
        <source>Objection</source>
        <translation>异议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="226" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/cases/dialogs.py" line="227" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>SignatureFieldEditor</name>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="339" />
        <source>Accept signature</source>
        <translation>确认签名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="341" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="368" />
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/field_editors.py" line="368" />
        <source>Not signed yet</source>
        <translation>尚未签名</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="33" />
        <source>Review queue</source>
        <translation>待审列表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="35" />
        <source>Cases</source>
        <translation>救助案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="40" />
        <source>Progress</source>
        <translation>工作进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="41" />
        <source>Exports</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="42" />
        <source>Audit and spot checks</source>
        <translation>审计与重点抽查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="96" />
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/review/panel.py" line="101" />
        <source>Households</source>
        <translation>户列表</translation>
    </message>
</context>
<context>
    <name>SurveyWidget</name>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="91" />
        <source>Add person</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="93" />
        <source>Add: %1</source>
        <translation>添加：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="100" />
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="156" />
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="158" />
        <source>Select a row above to see its: %1</source>
        <translation>在上表选中一行，查看其：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="286" />
        <source>Back to households</source>
        <translation>返回户列表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="290" />
        <source>Previous section</source>
        <translation>上一部分</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="294" />
        <source>Next section</source>
        <translation>下一部分</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="297" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="300" />
        <source>Complete</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="303" />
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="306" />
        <source>Survey this household again</source>
        <translation>重新调查此户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="590" />
        <source>Row %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="770" />
        <source>Saved at %1</source>
        <translation>已于 %1 保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="781" />
        <source>Not saved yet: give a reason for each changed answer.</source>
        <translation>尚未保存：请为每个修改的答案填写原因。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="791" />
        <source>Not saved: the survey is read-only or the store is locked.</source>
        <translation>未保存：调查表只读或数据已锁定。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="857" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="858" />
        <source>Completed: ready to submit</source>
        <translation>已完成：可以提交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="859" />
        <source>Submitted: read-only until a supervisor returns it</source>
        <translation>已提交：审核人退回前只读</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="862" />
        <source>Returned by the supervisor: fix and complete again</source>
        <translation>审核人已退回：请修改后重新完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="867" />
        <source>Withdrawn by the county as recorded in error: {reason}</source>
        <translation>县里认定为误录，已撤销：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="898" />
        <source>The county's economic-status check asks you to confirm:</source>
        <translation>家庭经济状况核对提示，请与家庭核实：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="921" />
        <source>The county returned this survey:</source>
        <translation>县级退回了这份调查：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="923" />
        <source>The township returned this survey:</source>
        <translation>乡镇退回了这份调查：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="945" />
        <source>Supervisor:</source>
        <translation>审核意见：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey/survey_widget.py" line="975" />
        <source>Why did this answer change? (kept in the audit log)</source>
        <translation>为什么修改这个答案？（记入审计日志）</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="17" />
        <source>Everything is sent and up to date.</source>
        <translation>全部已发送，数据已是最新。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="18" />
        <source>The server cannot be reached. Nothing is lost; sync again when in range.</source>
        <translation>连接不上服务器。数据不会丢失；有网络时再同步。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="21" />
        <source>Sync was cancelled; everything done so far is kept.</source>
        <translation>同步已取消；已完成的部分都已保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="24" />
        <source>The server refused this laptop. Call county IT.</source>
        <translation>服务器拒绝了这台电脑。请联系县里信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="27" />
        <source>This laptop is not enrolled (or was revoked). Call county IT.</source>
        <translation>这台电脑尚未注册（或已被停用）。请联系县里信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="30" />
        <source>This app is too old for the server. Ask county IT to update it.</source>
        <translation>软件版本过旧，请县里信息技术人员更新。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="33" />
        <source>The server sent a reply the app does not understand. Try again later.</source>
        <translation>服务器的回复无法识别。请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="36" />
        <source>The server's copy differs from this laptop's. Call county IT.</source>
        <translation>服务器上的数据与这台电脑不一致。请联系县里信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="39" />
        <source>Sync stopped on an error. Try again; if it repeats, export the sync log for county IT.</source>
        <translation>同步出错停止。请再试一次；如果反复出现，请导出同步记录交给县里信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="53" />
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="59" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="64" />
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="65" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="73" />
        <source>This laptop's clock is %1 ahead of the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>本机时钟比服务器快 %1，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="80" />
        <source>This laptop's clock is %1 behind the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>本机时钟比服务器慢 %1，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="87" />
        <source>This laptop's clock is wrong, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.</source>
        <translation>本机时钟不准，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="94" />
        <source>The server received a delayed copy of a request and refused it; nothing was changed. Sync again; if this repeats, check this laptop's date and time.</source>
        <translation>服务器收到一份延迟送达的请求副本，已拒绝，没有任何改动。请再同步一次；如果反复出现，请检查本机的日期和时间。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="99" />
        <source>This laptop's enrollment has been revoked on the server. Contact county IT to enroll it again; the records waiting on this laptop are kept.</source>
        <translation>本机的注册已在服务器上被撤销。请联系县信息中心重新注册；本机待发送的记录都会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="104" />
        <source>The server does not know this laptop's enrollment. Contact county IT to enroll it again; the records waiting on this laptop are kept.</source>
        <translation>服务器不认识本机的注册。请联系县信息中心重新注册；本机待发送的记录都会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="109" />
        <source>Your account is disabled on the server. Contact county IT; the records waiting on this laptop are kept.</source>
        <translation>您的账号已在服务器上停用。请联系县信息中心；本机待发送的记录都会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="114" />
        <source>This Doorstep app is too old for the server. Update it with the installer from county IT, then sync again; the records waiting on this laptop are kept.</source>
        <translation>此入户通版本过旧，服务器不再接受。请用县信息中心提供的安装程序更新后再同步；本机待发送的记录都会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="119" />
        <source>The server had already received a copy of this request and refused the second one; nothing was changed and nothing is lost. Sync again.</source>
        <translation>服务器已收到过这次请求的副本，拒绝了重复的一份；没有任何改动，数据没有丢失。请再同步一次。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="124" />
        <source>The data changed on the way to the server (a faulty or hostile network), so the server stored nothing. Nothing is lost on this laptop; sync again, on another network if this repeats.</source>
        <translation>数据在传往服务器的途中被改动（网络故障或遭篡改），服务器未保存任何内容。本机数据没有丢失；请再同步一次，如果反复出现请换一个网络。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="131" />
        <source>The server could not verify this laptop's signature on the request (something on the network may have changed it). Nothing was stored and nothing is lost. Sync again, on another network if this repeats; then contact county IT.</source>
        <translation>服务器无法验证本机对请求的签名（网络上可能有人改动了请求）。服务器未保存任何内容，数据没有丢失。请再同步一次，如果反复出现请换一个网络，仍不行请联系县信息中心。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="149" />
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="150" />
        <source>Receiving</source>
        <translation>正在接收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="151" />
        <source>Sending surveys</source>
        <translation>正在发送调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="152" />
        <source>Sending photos</source>
        <translation>正在发送照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="153" />
        <source>Checking</source>
        <translation>正在核对</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="159" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="170" />
        <source>%1 B</source>
        <translation>%1 字节</translation>
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
        <translation>时钟不准</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="354" />
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="355" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="356" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="357" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>SyncDialogs</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="38" />
        <source>That did not work: %1</source>
        <translation>操作未成功：%1</translation>
    </message>
</context>
<context>
    <name>SyncLogDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="52" />
        <source>Sync log</source>
        <translation>同步记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Route</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="58" />
        <source>Error code</source>
        <translation>错误代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="59" />
        <source>Counts</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="65" />
        <source>Export for county IT…</source>
        <translation>导出给县里信息技术人员…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="75" />
        <source>The log holds times, results and counts only: no names or ID numbers.</source>
        <translation>记录只包含时间、结果和数量：没有姓名或身份证号。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="94" />
        <source>USB</source>
        <translation>U 盘</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="94" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="107" />
        <source>Export the sync log</source>
        <translation>导出同步记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="122" />
        <source>%1 rounds written to %2</source>
        <translation>已将 %1 次同步写入 %2</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="232" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="233" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="263" />
        <source>Not enrolled for sync</source>
        <translation>尚未注册同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="266" />
        <source>%1 waiting to send</source>
        <translation>%1 条待发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="268" />
        <source> · %1 need attention</source>
        <translation> · %1 条需要处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="277" />
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="285" />
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="296" />
        <source>Photos waiting for the office network: %1</source>
        <translation>等待办公网络上传的照片：%1 张</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="300" />
        <source>Answers are sent from anywhere. Photos are sent when this laptop is on the township office network (see Settings).</source>
        <translation>调查答案在任何网络下都会上传。照片在电脑连上乡镇办公网络时上传（见“设置”）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="307" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="309" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="312" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="47" />
        <source>Unlock Doorstep</source>
        <translation>解锁入户通</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="60" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="61" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="81" />
        <source>Forgot your passphrase? County IT can set a new one with the recovery key.</source>
        <translation>忘记口令？县里信息技术人员可以用恢复密钥为您重设。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="141" />
        <source>%n more wrong passphrase(s) and only county IT's recovery can open this profile.</source>
        <translation><numerusform>再输错 %n 次密码，就只能由县信息中心用恢复密钥打开此档案。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock/unlock_widget.py" line="165" />
        <source>You can try again in %n second(s).</source>
        <translation><numerusform>%n 秒后可再试。</numerusform></translation>
    </message>
</context>
<context>
    <name>UsbDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="135" />
        <source>USB transfer</source>
        <translation>U 盘传送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="139" />
        <source>Without a network, take the surveys to the township office on a USB stick. The file is encrypted for the county server only. The office imports it and gives you a receipt file; import the receipt here so the laptop knows what arrived.</source>
        <translation>没有网络时，可以用 U 盘把调查带到乡镇办公室。文件已加密，只有县服务器能打开。办公室导入后会给您一个回执文件；在这里导入回执，电脑就知道哪些已经送达。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="149" />
        <source>Server USB key (from county IT)</source>
        <translation>服务器 U 盘密钥（由县里信息技术人员提供）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="150" />
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="155" />
        <source>Export waiting surveys to a file…</source>
        <translation>把待发送的调查导出到文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="157" />
        <source>Import a receipt…</source>
        <translation>导入回执…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="194" />
        <source>Export to USB</source>
        <translation>导出到 U 盘</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="209" />
        <source>%1 batches written. Take the file to the township office.</source>
        <translation>已写入 %1 批。请把文件带到乡镇办公室。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="212" />
        <source>Nothing is waiting to be sent.</source>
        <translation>没有待发送的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="217" />
        <source>Import a receipt</source>
        <translation>导入回执</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/dialogs.py" line="230" />
        <source>Receipt read: %1 records acknowledged, %2 conflicts.</source>
        <translation>已读取回执：%1 条已确认，%2 条冲突。</translation>
    </message>
</context>
<context>
    <name>VisitOutcome</name>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="59" />
        <source>Nobody home</source>
        <translation>无人在家</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="60" />
        <source>Refused</source>
        <translation>拒绝调查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="61" />
        <source>Moved out</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/states.py" line="62" />
        <source>Household no longer exists</source>
        <translation>该户已不存在</translation>
    </message>
</context>
<context>
    <name>VisitOutcomeDialog</name>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="169" />
        <source>Record a visit: %1</source>
        <translation>登记走访：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="185" />
        <source>What happened</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="186" />
        <source>Come back on</source>
        <translation>再次上门日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/households/dialogs.py" line="188" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
</TS>