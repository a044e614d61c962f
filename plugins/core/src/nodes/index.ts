import type { RuntimeNodeType } from '@scrm/runtime'
import { notifyNode, scriptNode, setFieldsNode } from './data.js'
import { endNode, exclusiveNode, parallelJoinNode, parallelSplitNode, startNode } from './gateways.js'
import { approvalNode, userTaskNode } from './tasks.js'
import { slaBoundaryNode, subflowNode, timerNode, waitForEventNode } from './waits.js'

export const coreNodeTypes: RuntimeNodeType[] = [
  startNode, endNode, userTaskNode, approvalNode, exclusiveNode, parallelSplitNode, parallelJoinNode,
  timerNode, slaBoundaryNode, notifyNode, setFieldsNode, scriptNode, subflowNode, waitForEventNode,
]
