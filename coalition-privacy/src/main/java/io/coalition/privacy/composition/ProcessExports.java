package io.coalition.privacy.composition;

import io.coalition.mining.bpmn.BpmnExport;
import io.coalition.privacy.PrivacyException;
import io.coalition.mining.tree.ProcessTree;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.GatewayDirection;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.Task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exports of a {@link Composition.ComposedProcess}: BPMN 2.0 with the learned conditions on the outgoing flows of
 * the exclusive gateways, and an executable WS-BPEL 2.0 process with one partner link per service.
 */
public final class ProcessExports {
    /** BPEL 2.0 executable process namespace (OASIS WS-BPEL 2.0, §5). */
    public static final String BPEL_NS = "http://docs.oasis-open.org/wsbpel/2.0/process/executable";

    private ProcessExports() {
    }

    /**
     * BPMN 2.0 XML from coalition-mining's tree export, with each learned condition set as the flow's
     * {@code conditionExpression} (XPath 1.0, BPMN's default language) and a branch without a condition as the
     * gateway's default flow. A gateway is matched to its split by the activities that start each branch.
     */
    public static String bpmn(Composition.ComposedProcess process) {
        BpmnModelInstance model = process.net() != null ? BpmnExport.of(process.net()) : BpmnExport.of(process.tree());
        List<Composition.Split> pending = new ArrayList<>(process.splits());
        for (ExclusiveGateway g : model.getModelElementsByType(ExclusiveGateway.class)) {
            if (g.getGatewayDirection() != GatewayDirection.Diverging) continue;
            List<SequenceFlow> flows = new ArrayList<>(g.getOutgoing());
            List<Set<String>> flowStarts = new ArrayList<>();
            for (SequenceFlow f : flows) flowStarts.add(firstTasks(f.getTarget(), new HashSet<>()));
            for (Composition.Split s : pending) {
                int[] match = match(s, flowStarts);
                if (match == null) continue;
                int otherwise = otherwiseBranch(s);
                for (int i = 0; i < flows.size(); i++) {
                    String c = s.conditions().get(match[i]);
                    if (match[i] == otherwise) {
                        g.setDefault(flows.get(i));
                        continue;
                    }
                    // A branch ID3 predicts for no instance is never taken (as in the BPEL export): an
                    // unconditioned flow that is not the default would be taken unconditionally.
                    if (c == null) c = "false()";
                    ConditionExpression ce = model.newInstance(ConditionExpression.class);
                    ce.setTextContent(c);
                    flows.get(i).setConditionExpression(ce);
                    flows.get(i).setName(c);
                }
                pending.remove(s);
                break;
            }
        }
        return Bpmn.convertToString(model);
    }

    /**
     * The branch taken when no condition holds: the first branch without a condition (ID3 predicts it for no
     * instance, or the split has no model), or -1 when every branch has one. Further branches without a condition
     * are never taken. The BPMN default flow and the BPEL {@code else} are this branch.
     */
    public static int otherwiseBranch(Composition.Split s) {
        for (int b = 0; b < s.conditions().size(); b++) if (s.conditions().get(b) == null) return b;
        return -1;
    }

    /** For each flow, the branch it starts (non-tau branches by their start activities, then the tau branch). */
    private static int[] match(Composition.Split s, List<Set<String>> flowStarts) {
        if (flowStarts.size() != s.branchStarts().size()) return null;
        int[] m = new int[flowStarts.size()];
        boolean[] used = new boolean[m.length];
        int unmatched = -1;
        for (int i = 0; i < m.length; i++) {
            m[i] = -1;
            for (int b = 0; b < m.length; b++) {
                if (!used[b] && !s.branchStarts().get(b).isEmpty() && s.branchStarts().get(b).equals(flowStarts.get(i))) {
                    m[i] = b;
                    used[b] = true;
                    break;
                }
            }
            if (m[i] < 0) {
                if (unmatched >= 0) return null;
                unmatched = i;
            }
        }
        if (unmatched >= 0) {
            for (int b = 0; b < m.length; b++) if (!used[b] && s.branchStarts().get(b).isEmpty()) m[unmatched] = b;
            if (m[unmatched] < 0) return null;
        }
        return m;
    }

    private static Set<String> firstTasks(FlowNode n, Set<String> visited) {
        Set<String> out = new TreeSet<>();
        if (!visited.add(n.getId())) return out;
        if (n instanceof Task) {
            out.add(n.getName());
            return out;
        }
        for (SequenceFlow f : n.getOutgoing()) out.addAll(firstTasks(f.getTarget(), visited));
        return out;
    }

    /** {@link #bpel(Composition.ComposedProcess, String, String)} importing {@code NAME.wsdl} from its own folder. */
    public static String bpel(Composition.ComposedProcess process, String name) {
        return bpel(process, name, ncName(name) + ".wsdl");
    }

    private static void requireBlockStructured(Composition.ComposedProcess process) {
        if (process.tree() == null) {
            throw new PrivacyException("WS-BPEL export needs a block-structured model: compose with the inductive "
                    + "miner (the Alpha miner's Petri net exports to BPMN only)");
        }
    }

    /** WSDL 1.1 namespace. */
    public static final String WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
    /** WS-BPEL 2.0 partner link type namespace (OASIS WS-BPEL 2.0, §6.1). */
    public static final String PLNK_NS = "http://docs.oasis-open.org/wsbpel/2.0/plnktype";

    /** The namespace of the messages, port types and partner link types of process {@code name}. */
    public static String servicesNamespace(String name) {
        return "urn:coalition:composed:" + ncName(name) + ":services";
    }

    /**
     * WS-BPEL 2.0: receive, the tree as sequence/flow/if/repeatUntil with one {@code invoke} per activity, reply.
     * Every service gets a partner link and request/response variables; every parameter used in a condition is a
     * string variable. Loop exits are not learned: a repeatUntil ends when the designer-set variable
     * {@code $loop_N_done} is 'true'. The process imports the WSDL of {@link #wsdl} from {@code wsdlLocation}.
     */
    public static String bpel(Composition.ComposedProcess process, String name, String wsdlLocation) {
        requireBlockStructured(process);
        Set<String> services = new TreeSet<>(process.tree().activities());
        Set<String> params = new TreeSet<>();
        for (Composition.Split s : process.splits()) {
            if (s.model() != null) s.model().features().forEach(f -> params.add(Composition.xpathName(f).substring(1)));
        }
        StringBuilder body = new StringBuilder();
        int[] loops = {0};
        Set<String> loopVars = new LinkedHashSet<>();
        activity(process.tree(), process, body, "    ", loops, loopVars);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<process name=\"").append(ncName(name)).append("\" targetNamespace=\"urn:coalition:composed:")
                .append(ncName(name)).append("\"\n         xmlns=\"").append(BPEL_NS)
                .append("\"\n         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:svc=\"")
                .append(servicesNamespace(name)).append("\">\n");
        sb.append("  <import namespace=\"").append(servicesNamespace(name)).append("\" location=\"")
                .append(escape(wsdlLocation)).append("\" importType=\"").append(WSDL_NS).append("\"/>\n");
        sb.append("  <partnerLinks>\n    <partnerLink name=\"client\" partnerLinkType=\"svc:ClientLT\" myRole=\"process\"/>\n");
        for (String s : services) {
            sb.append("    <partnerLink name=\"").append(ncName(s)).append("\" partnerLinkType=\"svc:")
                    .append(ncName(s)).append("LT\" partnerRole=\"provider\"/>\n");
        }
        sb.append("  </partnerLinks>\n  <variables>\n    <variable name=\"request\" messageType=\"svc:StartRequest\"/>\n");
        for (String s : services) {
            sb.append("    <variable name=\"").append(ncName(s)).append("_request\" messageType=\"svc:")
                    .append(ncName(s)).append("Request\"/>\n");
            sb.append("    <variable name=\"").append(ncName(s)).append("_response\" messageType=\"svc:")
                    .append(ncName(s)).append("Response\"/>\n");
        }
        for (String p : params) sb.append("    <variable name=\"").append(p).append("\" type=\"xsd:string\"/>\n");
        for (String v : loopVars) sb.append("    <variable name=\"").append(v).append("\" type=\"xsd:string\"/>\n");
        sb.append("  </variables>\n  <sequence>\n");
        sb.append("    <receive name=\"start\" partnerLink=\"client\" operation=\"start\" variable=\"request\" createInstance=\"yes\"/>\n");
        sb.append(body);
        sb.append("    <reply name=\"end\" partnerLink=\"client\" operation=\"start\" variable=\"request\"/>\n");
        sb.append("  </sequence>\n</process>\n");
        return sb.toString();
    }

    private static void activity(ProcessTree t, Composition.ComposedProcess p, StringBuilder sb, String ind, int[] loops,
                                 Set<String> loopVars) {
        if (t.isTau()) {
            sb.append(ind).append("<empty/>\n");
            return;
        }
        if (t.isLeaf()) {
            String s = ncName(t.label());
            sb.append(ind).append("<invoke name=\"").append(escape(t.label())).append("\" partnerLink=\"").append(s)
                    .append("\" operation=\"invoke\" inputVariable=\"").append(s).append("_request\" outputVariable=\"")
                    .append(s).append("_response\"/>\n");
            // Copy the outputs a condition tests into their variables (the message part is named like the parameter).
            List<String> copies = conditionOutputs(p, t.label());
            if (!copies.isEmpty()) {
                sb.append(ind).append("<assign>\n");
                for (String o : copies) {
                    sb.append(ind).append("  <copy><from variable=\"").append(s).append("_response\" part=\"")
                            .append(ncName(o)).append("\"/><to variable=\"")
                            .append(Composition.xpathName(o).substring(1)).append("\"/></copy>\n");
                }
                sb.append(ind).append("</assign>\n");
            }
            return;
        }
        switch (t.operator()) {
            case SEQUENCE -> block("sequence", t, p, sb, ind, loops, loopVars);
            case PARALLEL, OR -> block("flow", t, p, sb, ind, loops, loopVars);
            case XOR -> {
                Composition.Split s = p.splitOf(t);
                List<ProcessTree> ch = t.children();
                List<Integer> order = new ArrayList<>();
                Integer otherwise = null;
                for (int b = 0; b < ch.size(); b++) {
                    if (s != null && s.conditions().get(b) != null) order.add(b);
                    else if (otherwise == null) otherwise = b;
                    else order.add(b);
                }
                if (order.isEmpty()) {
                    activity(ch.get(otherwise), p, sb, ind, loops, loopVars);
                    return;
                }
                sb.append(ind).append("<if>\n");
                for (int i = 0; i < order.size(); i++) {
                    int b = order.get(i);
                    String c = s == null || s.conditions().get(b) == null ? "false()" : s.conditions().get(b);
                    if (i > 0) sb.append(ind).append("  <elseif>\n");
                    String in = i > 0 ? ind + "    " : ind + "  ";
                    sb.append(in).append("<condition>").append(escape(c)).append("</condition>\n");
                    activity(ch.get(b), p, sb, in, loops, loopVars);
                    if (i > 0) sb.append(ind).append("  </elseif>\n");
                }
                if (otherwise != null) {
                    sb.append(ind).append("  <else>\n");
                    activity(ch.get(otherwise), p, sb, ind + "    ", loops, loopVars);
                    sb.append(ind).append("  </else>\n");
                }
                sb.append(ind).append("</if>\n");
            }
            case LOOP -> {
                String v = "loop_" + (++loops[0]) + "_done";
                loopVars.add(v);
                sb.append(ind).append("<repeatUntil>\n").append(ind).append("  <sequence>\n");
                activity(t.children().get(0), p, sb, ind + "    ", loops, loopVars);
                for (ProcessTree redo : t.children().subList(1, t.children().size())) {
                    if (redo.isTau()) continue;
                    sb.append(ind).append("    <if>\n").append(ind).append("      <condition>not($").append(v)
                            .append(" = 'true')</condition>\n");
                    activity(redo, p, sb, ind + "      ", loops, loopVars);
                    sb.append(ind).append("    </if>\n");
                }
                sb.append(ind).append("  </sequence>\n").append(ind).append("  <condition>$").append(v)
                        .append(" = 'true'</condition>\n").append(ind).append("</repeatUntil>\n");
            }
            default -> throw new IllegalStateException("unknown operator " + t.operator());
        }
    }

    /** The outputs of {@code service} that some branch condition tests, in the order the composition lists them. */
    private static List<String> conditionOutputs(Composition.ComposedProcess p, String service) {
        List<String> copies = new ArrayList<>();
        for (String o : p.outputs().getOrDefault(service, Set.of())) {
            for (Composition.Split sp : p.splits()) {
                if (sp.model() != null && sp.model().features().contains(o)) {
                    copies.add(o);
                    break;
                }
            }
        }
        return copies;
    }

    /**
     * The WSDL 1.1 definitions the BPEL process of {@link #bpel} needs: per service a request and a response
     * message (the response has a string part per output a branch condition tests, named like it, plus
     * {@code result}), a port type with operation {@code invoke} and a partner link type with role {@code provider};
     * the client's {@code StartRequest} message, port type {@code ClientPT} (operation {@code start}) and partner
     * link type {@code ClientLT} with role {@code process}. No binding or service: the deployment supplies those.
     */
    public static String wsdl(Composition.ComposedProcess process, String name) {
        requireBlockStructured(process);
        Set<String> services = new TreeSet<>(process.tree().activities());
        String ns = servicesNamespace(name);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<definitions name=\"").append(ncName(name)).append("Services\" targetNamespace=\"").append(ns)
                .append("\"\n             xmlns=\"").append(WSDL_NS).append("\" xmlns:tns=\"").append(ns)
                .append("\"\n             xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:plnk=\"")
                .append(PLNK_NS).append("\">\n");
        sb.append("  <message name=\"StartRequest\">\n    <part name=\"payload\" type=\"xsd:string\"/>\n  </message>\n");
        for (String svc : services) {
            String s = ncName(svc);
            sb.append("  <message name=\"").append(s).append("Request\">\n")
                    .append("    <part name=\"payload\" type=\"xsd:string\"/>\n  </message>\n");
            sb.append("  <message name=\"").append(s).append("Response\">\n")
                    .append("    <part name=\"result\" type=\"xsd:string\"/>\n");
            for (String o : conditionOutputs(process, svc)) {
                sb.append("    <part name=\"").append(ncName(o)).append("\" type=\"xsd:string\"/>\n");
            }
            sb.append("  </message>\n");
        }
        sb.append("  <portType name=\"ClientPT\">\n    <operation name=\"start\">\n")
                .append("      <input message=\"tns:StartRequest\"/>\n      <output message=\"tns:StartRequest\"/>\n")
                .append("    </operation>\n  </portType>\n");
        for (String svc : services) {
            String s = ncName(svc);
            sb.append("  <portType name=\"").append(s).append("PT\">\n    <operation name=\"invoke\">\n")
                    .append("      <input message=\"tns:").append(s).append("Request\"/>\n")
                    .append("      <output message=\"tns:").append(s).append("Response\"/>\n")
                    .append("    </operation>\n  </portType>\n");
        }
        sb.append("  <plnk:partnerLinkType name=\"ClientLT\">\n")
                .append("    <plnk:role name=\"process\" portType=\"tns:ClientPT\"/>\n  </plnk:partnerLinkType>\n");
        for (String svc : services) {
            String s = ncName(svc);
            sb.append("  <plnk:partnerLinkType name=\"").append(s).append("LT\">\n")
                    .append("    <plnk:role name=\"provider\" portType=\"tns:").append(s).append("PT\"/>\n")
                    .append("  </plnk:partnerLinkType>\n");
        }
        sb.append("</definitions>\n");
        return sb.toString();
    }

    private static void block(String element, ProcessTree t, Composition.ComposedProcess p, StringBuilder sb, String ind,
                              int[] loops, Set<String> loopVars) {
        sb.append(ind).append('<').append(element).append(">\n");
        for (ProcessTree c : t.children()) activity(c, p, sb, ind + "  ", loops, loopVars);
        sb.append(ind).append("</").append(element).append(">\n");
    }

    /** An XML NCName from a service id: other characters become '_', a leading non-letter gets 's_'. */
    static String ncName(String s) {
        String n = s.replaceAll("[^A-Za-z0-9_.-]", "_");
        return Character.isLetter(n.charAt(0)) || n.charAt(0) == '_' ? n : "s_" + n;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
